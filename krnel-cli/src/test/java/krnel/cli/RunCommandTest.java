package krnel.cli;

import static krnel.cli.CliRun.krnel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import krnel.cli.testgraph.SmallGraph;
import krnel.cli.testgraph.StepImplementation;
import krnel.graph.OpSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code krnel run}: progress, summary, exit codes, failures, -n and sharding. */
class RunCommandTest {
  static final String SMALL = GraphSourcesTest.SMALL;
  /** The steps of SmallGraph that succeed. */
  static final String[] GOOD = {"-s", "plus", "-s", "base", "-s", "extras"};

  @TempDir Path dir;
  String store;

  @BeforeEach
  void setUp() {
    store = dir.resolve("store").toString();
    StepImplementation.RUNS.clear();
  }

  CliRun run(String... args) {
    List<String> all = new ArrayList<>(List.of("run", "--store", store, "-c", SMALL));
    all.addAll(List.of(args));
    return krnel(all.toArray(String[]::new));
  }

  /** The CLI does not depend on Spark: --spark without krnel-spark on the classpath is a one-line error. */
  @Test
  void sparkWithoutKrnelSparkOnTheClasspathNamesWhatIsMissing() {
    CliRun run = run("-s", "plus", "--spark", "local[2]");
    assertEquals(1, run.code(), run.err());
    // the engine is looked up with the graph's class loader (--classpath may bring it), after the new store's note
    assertEquals("error: --spark local[2] needs ai.krnel:krnel-spark and Apache Spark (org.apache.spark:spark-sql_2.13)"
        + " on the classpath\nhint: run it with spark-submit, or add both jars with --classpath / KRNEL_CLASSPATH"
        + " (docs/spark.md)\n", run.err().replaceFirst("^note: there is no store at [^\n]*\n", ""));
    assertEquals(List.of(), StepImplementation.RUNS);
  }

  @Test
  void runsInputsFirstAndSummarizes() {
    CliRun first = run("-s", "plusTwo", "--no-deps");

    assertEquals(0, first.code(), first.err());
    assertEquals(List.of("base", "plus-one", "plus-two"), StepImplementation.RUNS); // inputs computed first
    assertTrue(first.out().startsWith("[1/1] Materializing op " + SmallGraph.plusTwo.uuid() + " (plusTwo)...\n"
        + "[1/1] Op " + SmallGraph.plusTwo.uuid() + " (plusTwo) materialized in "), first.out());
    assertTrue(first.err().startsWith("note: there is no store at "), first.err());
    assertTrue(first.out().contains("Summary: 1 ops: 1 computed, 0 already stored, 0 failed, 0 skipped (an input failed), in "),
        first.out());

    CliRun again = run("-s", "plus");
    assertEquals(0, again.code(), again.err());
    assertEquals(3, StepImplementation.RUNS.size()); // nothing computed twice
    assertTrue(again.out().contains("already has a result, skipping."), again.out());
    assertTrue(again.out().contains("Summary: 2 ops: 0 computed, 2 already stored,"), again.out());
    assertEquals("", again.err()); // the store exists now: no note
  }

  @Test
  void readingCommandsNeverCreateAStore() {
    CliRun whole = krnel("status", "--store", store);
    assertEquals(1, whole.code(), whole.out());
    assertEquals("error: there is no store at " + store + "\nhint: check the path (--store, KRNEL_STORE_URI or"
        + " `krnel config`); `krnel run` starts a new store\n", whole.err());

    CliRun status = krnel("status", "--store", store, "-c", SMALL, "-s", "base", "--no-deps");
    assertEquals(0, status.code(), status.err());
    assertEquals("note: there is no store at " + store + " (not created): every op is new\n", status.err());
    assertTrue(status.out().contains(SmallGraph.base.uuid() + ": new"), status.out());
    assertFalse(java.nio.file.Files.exists(Path.of(store)), "a mistyped store must not be created");
  }

  @Test
  void materializeIsAnAlias() {
    CliRun run = krnel("materialize", "--store", store, "-c", SMALL, "-s", "base");
    assertEquals(0, run.code(), run.err());
    assertEquals(List.of("base"), StepImplementation.RUNS);
  }

  @Test
  void aFailedOpMakesTheRunFailAndSkipsWhatReadsIt() {
    CliRun run = run("-t", "StepOp");

    assertEquals(1, run.code(), run.out());
    assertEquals(1, StepImplementation.RUNS.stream().filter("broken"::equals).count(), StepImplementation.RUNS.toString());
    assertFalse(StepImplementation.RUNS.contains("after-broken"));
    assertTrue(StepImplementation.RUNS.containsAll(List.of("base", "plus-one", "plus-two", "extra-a", "extra-b")));
    String failure = "StepOp " + SmallGraph.broken.uuid() + " failed: StepOp.fail: broken fails on purpose";
    assertTrue(run.out().contains("FAILED: " + failure + "\n"), run.out());
    assertTrue(run.out().contains(SmallGraph.afterBroken.uuid() + " (afterBroken) skipped: its input " + SmallGraph.broken.uuid()
        + " (broken) failed."),
        run.out());
    assertTrue(run.out().contains("Summary: 7 ops: 5 computed, 0 already stored, 1 failed, 1 skipped (an input failed), in "),
        run.out());
    assertTrue(run.out().endsWith("  failed: " + failure + "\n"), run.out());
    assertEquals("error: 1 of 7 ops failed\nhint: `krnel status --state failed` lists them with their errors; fix the"
        + " cause and run again (completed results are kept)\n", withoutNewStoreNote(run.err()));
  }

  @Test
  void numOpsLimitsTheOpsComputed() {
    CliRun run = run(concat(GOOD, "-n", "2"));

    assertEquals(0, run.code(), run.err());
    assertEquals(2, StepImplementation.RUNS.size(), StepImplementation.RUNS.toString());
    assertTrue(run.out().contains("Reached the requested number of ops (2), stopping."), run.out());
    assertTrue(run.out().contains("Summary: 5 ops: 2 computed, 0 already stored, 0 failed, 0 skipped (an input failed),"
        + " 3 not started, in "), run.out());
  }

  @Test
  void shardsSplitTheOpsAndComputeSharedInputsOnce() {
    List<OpSpec> good = List.of(SmallGraph.base, SmallGraph.plusOne, SmallGraph.plusTwo,
        SmallGraph.step("extra-a", null, false), SmallGraph.step("extra-b", null, false));
    // both shards at once, on one store: each op exactly once, whichever shard needs it first
    CompletableFuture<CliRun> zero = CompletableFuture.supplyAsync(() -> run(concat(GOOD, "--shard-count", "2", "--shard-idx", "0")));
    CompletableFuture<CliRun> one = CompletableFuture.supplyAsync(() -> run(concat(GOOD, "--shard-count", "2", "--shard-idx", "1")));

    for (CliRun shard : List.of(zero.join(), one.join())) {
      assertEquals(0, shard.code(), shard.out() + shard.err());
    }
    assertEquals(5, StepImplementation.RUNS.size(), StepImplementation.RUNS.toString());
    assertEquals(Set.of("base", "plus-one", "plus-two", "extra-a", "extra-b"), Set.copyOf(StepImplementation.RUNS));
    // each shard lists exactly its ops: the uuid's hash modulo the shard count
    for (OpSpec op : good) {
      int shard = new BigInteger(op.uuid().substring(op.uuid().indexOf('_') + 1), 16).mod(BigInteger.TWO).intValue();
      assertTrue((shard == 0 ? zero : one).join().out().contains(op.uuid()), op.uuid());
      assertFalse((shard == 0 ? one : zero).join().out().contains("] Materializing op " + op.uuid()), op.uuid());
    }
  }

  @Test
  void badShardOptions() {
    CliRun missingCount = run("--shard-idx", "0");
    assertEquals(2, missingCount.code());
    assertTrue(missingCount.err().contains("Missing required argument(s): --shard-count"), missingCount.err());

    CliRun outOfRange = run("--shard-count", "2", "--shard-idx", "2");
    assertEquals(1, outOfRange.code());
    assertEquals("error: --shard-idx 2 is not a shard of --shard-count 2\nhint: shards are numbered 0 to N-1, with N at"
        + " least 1\n", outOfRange.err());
  }

  @Test
  void anOpWithoutImplementationFailsTheRun() throws Exception {
    java.nio.file.Path graph = java.nio.file.Files.writeString(dir.resolve("graph.json"), CliRun.pythonGraph());

    CliRun run = krnel("run", "--store", store, "-g", graph.toString(), "-t", "LoadLocalParquet");

    assertEquals(1, run.code());
    assertTrue(run.out().contains("FAILED: LoadLocalParquetDatasetOp LoadLocalParquetDatasetOp_9a7750a83f96b5d9a00f1bd48bcdc0b6dbf611f85b6956fb4158598c42f496d0"
        + " failed: file_path: '/data/x.parquet' does not exist"), run.out());
    assertTrue(withoutNewStoreNote(run.err()).startsWith("error: 1 of 1 ops failed\n"), run.err());
  }

  /** Standard error less the note a run on a new store starts with. */
  static String withoutNewStoreNote(String err) {
    return err.startsWith("note: there is no store at ") ? err.substring(err.indexOf('\n') + 1) : err;
  }

  static String[] concat(String[] a, String... b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(String[]::new);
  }
}
