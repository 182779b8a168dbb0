package krnel.spark;

import static krnel.samples.KrnelOps.keywordCount;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import krnel.graph.Graph;
import krnel.graph.OpSpec;
import krnel.ops.LoadInlineJsonDatasetOp;
import krnel.runner.OpFailedException;
import krnel.runner.OpState;
import krnel.runner.Runner;
import krnel.samples.QuickstartGraph;
import krnel.store.ParquetResultMerger;
import krnel.types.Dataset;
import krnel.types.TextColumn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graphs run with the Spark engine ({@code local[2,2]}) store what the local runner stores, byte for
 * byte; a local runner on that store then computes nothing.
 */
class SparkEngineTest {
  private static final Path TRAIN = Path.of("../samples/data/spam_train.parquet");
  private static final Path TEST = Path.of("../samples/data/spam_test.parquet");

  /** Row-wise ops of these tests; every other op stays on the driver. */
  private static final Set<String> ON_SPARK = Set.of("LLMLayerActivationsOp", "ClassifierPredictOp", "KeywordCountOp", "FlakyLengthOp");

  @TempDir Path localStore;
  @TempDir Path sparkStore;

  /** Runs {@code graph} locally and on Spark, compares the stores, and returns the Spark store's runner's plan afterwards. */
  private int runBoth(Function<Runner, List<OpSpec>> graph, int tasks) throws IOException {
    try (Runner local = Runner.open(localStore.toString())) {
      local.materialize(graph.apply(local));
    }
    try (Runner spark = Runner.open(sparkStore.toString()).useEngine(SharedSpark.engine(tasks))) {
      List<OpSpec> targets = graph.apply(spark);
      spark.materialize(targets);
      for (OpSpec op : Graph.allOps(targets)) {
        if (ON_SPARK.contains(op.wireName())) {
          int[] jobs = SharedSpark.session().sparkContext().statusTracker().getJobIdsForGroup("krnel-" + op.uuid());
          assertTrue(jobs.length > 0, op.uuid() + " ran as a Spark job");
        }
      }
    }
    int compared = StoreComparison.assertSameResults(localStore, sparkStore);
    try (Runner again = Runner.open(sparkStore.toString())) {
      assertEquals(List.of(), again.plan(graph.apply(again)), "a local runner on the Spark store computes nothing");
    }
    try (Stream<Path> parts = Files.list(sparkStore.resolve(".spark-parts"))) {
      assertEquals(List.of(), parts.toList(), "the parts and the merged file are removed");
    }
    return compared;
  }

  /**
   * The quickstart graph on a CI-sized subset (10 ham and 10 spam train mails, every 250th test mail):
   * MiniLM activations, predictions and the custom keyword count run on Spark in 3 slices, training
   * and evaluations on the driver.
   */
  @Test
  void quickstartSubsetStoresTheLocalRunnersBytes() throws IOException {
    int compared = runBoth(runner -> {
      Dataset train = runner.fromParquet(TRAIN).take(o -> o.offset(2490).numRows(20));
      Dataset test = runner.fromParquet(TEST).take(o -> o.skip(250));
      return List.copyOf(QuickstartGraph.build(train, test).evaluations().values());
    }, 3);
    assertTrue(compared >= 8, "results compared: " + compared);
  }

  /** A custom row-wise op of user code (samples' KeywordCountOp) beside built-ins, with more slices than rows. */
  @Test
  void moreTasksThanRows() throws IOException {
    runBoth(runner -> {
      TextColumn text = runner.fromInlineDataset(Map.of("text", List.of("free money", "hello", "click here, free!!",
          "no", "$$$ offer"))).colText("text");
      return List.of(text.then(keywordCount(QuickstartGraph.SPAM_WORDS)), flaky(text, 0));
    }, 50);
  }

  @Test
  void emptyDataset() throws IOException {
    runBoth(runner -> {
      TextColumn text = runner.fromParquet(TRAIN).take(o -> o.numRows(0)).colText("text");
      return List.of(text.then(keywordCount(QuickstartGraph.SPAM_WORDS)));
    }, 2);
  }

  /** Slice 1's first attempt fails (local[2,2] allows two attempts): Spark retries it and the result is whole. */
  @Test
  void aTaskThatFailsOnceIsRetried() throws IOException {
    List<String> texts = new ArrayList<>(Arrays.asList("a", "bb", null, "dddd", "eeeee", "ffffff"));
    runBoth(runner -> List.of(flaky(runner.fromInlineDataset(Map.of("text", texts)).colText("text"), 1)), 3);
  }

  /** Failing every attempt fails the op, with the implementation's one-line message and a failed status; nothing looks complete. */
  @Test
  void aTaskThatAlwaysFailsFailsTheOp() throws IOException {
    try (Runner spark = Runner.open(sparkStore.toString()).useEngine(SharedSpark.engine(2))) {
      FlakyLengthOp op = flaky(spark.fromInlineDataset(Map.of("text", List.of("a", "b", "c"))).colText("text"), 2);
      OpFailedException e = assertThrows(OpFailedException.class, () -> spark.materialize(op));
      assertTrue(e.getMessage().endsWith("FlakyLengthOp: attempt 1 of partition 1 fails on purpose"), e.getMessage());
      assertEquals(OpState.FAILED, spark.status(op).state());
      assertTrue(!spark.hasResult(op));
    }
  }

  /**
   * More than two row groups of rows in 2 tasks: each slice is whole row groups, read from the stored
   * templates by skipping the row groups before it, and the parts' row groups are copied by the merge.
   */
  @Test
  void slicesOfWholeRowGroupsAreReadAndMergedAsRowGroups() throws IOException {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 2 * 65_535 + 100; i++) {
      texts.add("r" + i);
    }
    runBoth(runner -> {
      LoadInlineJsonDatasetOp data = runner.fromInlineDataset(Map.of("text", texts));
      TextColumn templated = data.template("{{ t }}!", Map.of("t", data.colText("text")));
      return List.of(flaky(templated, 0));
    }, 2);
    ParquetResultMerger.Merged merged = SparkEngine.lastMerge.merged();
    assertEquals(new ParquetResultMerger.Merged(texts.size(), 3, 0), merged);
  }

  /** A store in the driver's memory: executors cannot open it, so the driver sends every input and keeps the merged result. */
  @Test
  void aMemoryStoreGetsItsInputsFromTheDriver() {
    List<String> texts = List.of("free money", "hello", "click here, free!!", "no", "$$$ offer");
    double[] expected;
    try (Runner local = Runner.memory()) {
      expected = local.toDoubleArray(local.fromInlineDataset(Map.of("text", texts)).colText("text")
          .then(keywordCount(QuickstartGraph.SPAM_WORDS)));
    }
    try (Runner spark = Runner.memory().useEngine(SharedSpark.engine(2))) {
      OpSpec counts = spark.fromInlineDataset(Map.of("text", texts)).colText("text").then(keywordCount(QuickstartGraph.SPAM_WORDS));
      spark.materialize(counts);
      assertEquals(1, SharedSpark.session().sparkContext().statusTracker().getJobIdsForGroup("krnel-" + counts.uuid()).length);
      assertArrayEquals(expected, spark.toDoubleArray(counts));
    }
  }

  /** What a killed driver left for an op (parts, a merged file) is removed when the op next runs, never read. */
  @Test
  void leftoversOfAKilledDriverAreRemoved() throws IOException {
    List<String> texts = List.of("a", "bb", "ccc");
    String uuid;
    try (Runner runner = Runner.open(sparkStore.toString())) {
      uuid = flaky(runner.fromInlineDataset(Map.of("text", texts)).colText("text"), 0).uuid();
    }
    Path dead = Files.createDirectories(sparkStore.resolve(".spark-parts").resolve(uuid + "-killed"));
    Files.write(dead.resolve("part-000000-attempt-0-7.parquet"), new byte[] {1, 2, 3});
    Files.write(sparkStore.resolve(".spark-parts").resolve(uuid + "-killed.parquet"), new byte[] {4});
    runBoth(runner -> List.of(flaky(runner.fromInlineDataset(Map.of("text", texts)).colText("text"), 0)), 2);
  }

  private static FlakyLengthOp flaky(TextColumn text, int failingAttempts) {
    return ImmutableFlakyLengthOp.builder().text(text).failingAttempts(failingAttempts).build();
  }
}
