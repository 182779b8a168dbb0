package krnel.impl;

import static krnel.impl.ImplTesting.data;
import static krnel.impl.ImplTesting.fails;
import static krnel.impl.ImplTesting.values;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import krnel.ops.AssignTrainTestSplitOp;
import krnel.ops.ImmutableAssignTrainTestSplitOp;
import krnel.runner.Runner;
import krnel.types.Dataset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The reference's split tests through the runner: 7 golden vectors and 4 errors. */
class TrainTestSplitRunnerTest {
  private Runner runner;

  @BeforeEach
  void open() {
    runner = Runner.memory();
  }

  @AfterEach
  void close() {
    runner.close();
  }

  private Dataset rows(int n) {
    return runner.fromInlineDataset(data("text",
        IntStream.rangeClosed(1, n).mapToObj(i -> "sample" + i).collect(Collectors.toList())));
  }

  static List<Arguments> golden() {
    return List.of(
        Arguments.of(4, (Consumer<ImmutableAssignTrainTestSplitOp.Builder>) o -> o.testSize(0.5).randomState(42),
            "test,train,train,test"),
        Arguments.of(5, (Consumer<ImmutableAssignTrainTestSplitOp.Builder>) o -> o.trainSize(3).randomState(7),
            "train,test,test,train,train"),
        Arguments.of(5, (Consumer<ImmutableAssignTrainTestSplitOp.Builder>) o -> o.testSize(1).randomState(7),
            "train,train,test,train,train"),
        Arguments.of(5, (Consumer<ImmutableAssignTrainTestSplitOp.Builder>) o -> o.testSize(4).randomState(7),
            "test,test,test,test,train"),
        Arguments.of(5, (Consumer<ImmutableAssignTrainTestSplitOp.Builder>) o -> o.testSize(4).randomState(42069),
            "test,test,test,train,test"),
        Arguments.of(5, (Consumer<ImmutableAssignTrainTestSplitOp.Builder>) o -> o.testSize(4).randomState(19190115),
            "test,test,test,test,train"),
        Arguments.of(5, (Consumer<ImmutableAssignTrainTestSplitOp.Builder>) o -> o.trainSize(0.4).randomState(3),
            "train,test,train,test,test"));
  }

  @ParameterizedTest
  @MethodSource("golden")
  void goldenSplits(int n, Consumer<ImmutableAssignTrainTestSplitOp.Builder> options, String expected) {
    AssignTrainTestSplitOp op = rows(n).assignTrainTestSplit(options);
    assertEquals(List.of(expected.split(",")), values(runner, op));
  }

  @Test
  void theOpDefaultSeedIsTheMolassesFlood() {
    AssignTrainTestSplitOp op = ImmutableAssignTrainTestSplitOp.builder().dataset(rows(5)).testSize(4).build();
    assertEquals(19190115, op.randomState());
    assertEquals(List.of("test", "test", "test", "test", "train"), values(runner, op));
  }

  @Test
  void emptyDatasetsGetAnEmptySplit() {
    Dataset empty = runner.fromInlineDataset(data("text", List.of()));
    assertEquals(List.of(), values(runner, empty.assignTrainTestSplit(o -> o.testSize(5))));
  }

  static List<Arguments> errors() {
    return List.of(
        Arguments.of(5, (Consumer<ImmutableAssignTrainTestSplitOp.Builder>) o -> o.trainSize(0.6).testSize(0.6),
            "must equal dataset size"),
        Arguments.of(5, (Consumer<ImmutableAssignTrainTestSplitOp.Builder>) o -> o.trainSize(-1),
            "train_size int must be between 0 and the dataset length (5); got -1."),
        Arguments.of(5, (Consumer<ImmutableAssignTrainTestSplitOp.Builder>) o -> o.testSize(1.5),
            "test_size as float must be in the open interval (0, 1); got 1.5."),
        Arguments.of(3, (Consumer<ImmutableAssignTrainTestSplitOp.Builder>) o -> o.testSize(5),
            "test_size int must be between 0 and the dataset length (3); got 5."));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void invalidSizes(int n, Consumer<ImmutableAssignTrainTestSplitOp.Builder> options, String message) {
    fails(runner, rows(n).assignTrainTestSplit(options), "AssignTrainTestSplitOp", message);
  }

  @Test
  void seedsWiderThan64BitsLoadHashAndSplitAsInPython() throws Exception {
    java.math.BigInteger seed = new java.math.BigInteger("18446744073709563961"); // 2**64 + 12345
    AssignTrainTestSplitOp op = rows(10).assignTrainTestSplit(o -> o.testSize(0.3).randomState(seed));
    // CPython 3.11: random.Random(2**64 + 12345).sample(range(10), 3) == [0, 8, 6] (resources/pyrandom)
    assertEquals(List.of("test", "train", "train", "train", "train", "train", "test", "train", "test", "train"),
        values(runner, op));
    // canonical JSON spells the seed as Python's json.dumps does: plain digits
    String canonical = op.canonicalJson();
    org.junit.jupiter.api.Assertions.assertTrue(canonical.contains("\"random_state\": 18446744073709563961"), canonical);
    // computed with CPython 3.11: "AssignTrainTestSplitOp_" + sha256(json.dumps({... "random_state": 2**64 + 12345,
    // "test_size": 0.3, "train_size": None, "type": "AssignTrainTestSplitOp"}, sort_keys=True))
    assertEquals("AssignTrainTestSplitOp_e74548514f00e74216a717fec65ed493d8c74525296aa286aa306ed200b68e3c", op.uuid());
    // a graph holding it loads, and verify finds it unchanged
    String graph = krnel.graph.GraphJson.write(op);
    krnel.graph.OpSpec read = krnel.graph.GraphJson.read(graph).get(0);
    assertEquals(op.uuid(), read.uuid());
    assertEquals(seed, ((AssignTrainTestSplitOp) read).randomState());
    krnel.graph.OpCatalogue catalogue = krnel.graph.OpCatalogue.load();
    org.junit.jupiter.api.Assertions.assertTrue(krnel.graph.GraphJson.verify(graph, catalogue).stream()
        .allMatch(c -> c.status() == krnel.graph.GraphJson.Status.OK), graph);
    // 2**40 + 3 fits a long and splits as CPython: sample(range(10), 3) == {0, 1, 3}
    AssignTrainTestSplitOp wide = rows(10).assignTrainTestSplit(o -> o.testSize(0.3).randomState(1099511627779L));
    assertEquals(List.of("test", "test", "train", "test", "train", "train", "train", "train", "train", "train"),
        values(runner, wide));
    fails(runner, rows(10).assignTrainTestSplit(o -> o.randomState(1.5)), "AssignTrainTestSplitOp", "random_state",
        "must be an int");
  }
}
