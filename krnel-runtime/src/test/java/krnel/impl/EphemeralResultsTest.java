package krnel.impl;

import static krnel.impl.ImplTesting.data;
import static krnel.impl.ImplTesting.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import krnel.graph.OpSpec;
import krnel.ops.LoadInlineJsonDatasetOp;
import krnel.runner.Runner;
import krnel.types.Dataset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference's test_ephemeral_has_result.py and its ephemeral caching test, on a directory
 * store: ephemeral results live in memory only, and an ephemeral op has a result when its inputs do.
 */
class EphemeralResultsTest {
  @TempDir Path store;
  private Runner runner;

  @BeforeEach
  void open() {
    runner = Runner.open(store.toString());
  }

  @AfterEach
  void close() {
    runner.close();
  }

  private LoadInlineJsonDatasetOp people() {
    return runner.fromInlineDataset(data(
        "id", List.of(1, 2, 3), "name", List.of("Alice", "Bob", "Charlie"), "age", List.of(30, 25, 35)));
  }

  private Path dir(OpSpec op) {
    String[] parts = op.uuid().split("_", 2);
    return store.resolve(parts[0]).resolve(parts[1]);
  }

  private List<String> files(OpSpec op) throws IOException {
    if (!Files.isDirectory(dir(op))) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir(op))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void ephemeralOpWithoutCompletedDependency() {
    assertFalse(runner.hasResult(people().colText("name")));
  }

  @Test
  void ephemeralOpWithCompletedDependency() {
    LoadInlineJsonDatasetOp dataset = people();
    runner.materialize(dataset);
    assertTrue(runner.hasResult(dataset));
    assertTrue(runner.hasResult(dataset.colText("name")));
  }

  @Test
  void nestedEphemeralOps() {
    LoadInlineJsonDatasetOp dataset = people();
    Dataset first = dataset.take(2);
    Dataset second = first.take(1);
    assertFalse(runner.hasResult(first));
    assertFalse(runner.hasResult(second));
    runner.materialize(dataset);
    assertTrue(runner.hasResult(first));
    assertTrue(runner.hasResult(second));
  }

  @Test
  void ephemeralOpWithMultipleDependencies() {
    Dataset one = runner.fromInlineDataset(data("id", List.of(1, 2), "value", List.of(10, 20)));
    Dataset two = runner.fromInlineDataset(data("id", List.of(3, 4), "value", List.of(30, 40)));
    runner.materialize(one);
    assertTrue(runner.hasResult(one));
    assertFalse(runner.hasResult(two));
    assertTrue(runner.hasResult(one.colScore("value")));
    assertFalse(runner.hasResult(two.colScore("value")));
    var sum = one.colScore("value").plus(two.colScore("value"));
    assertFalse(runner.hasResult(sum));
    runner.materialize(two);
    assertTrue(runner.hasResult(two.colScore("value")));
    assertTrue(runner.hasResult(sum));
  }

  @Test
  void opsAreEphemeralAsInTheReference() {
    LoadInlineJsonDatasetOp dataset = runner.fromInlineDataset(data("id", List.of(1)));
    assertTrue(dataset.colScore("id").isEphemeral());
    assertTrue(dataset.take(1).isEphemeral());
    assertTrue(dataset.colBoolean("id").not().isEphemeral());
    assertTrue(dataset.colText("id").parseJson().isEphemeral());
    assertFalse(dataset.isEphemeral());
    assertFalse(dataset.assignTrainTestSplit().isEphemeral());
    assertFalse(dataset.assignRowId().isEphemeral());
  }

  @Test
  void ephemeralResultsAreCachedButNotPersisted() throws IOException {
    LoadInlineJsonDatasetOp dataset = runner.fromInlineDataset(data("values", List.of(1, 2, 3, 4, 5)));
    Dataset ephemeral = dataset.take(o -> o.skip(2));
    assertEquals(List.of(1L, 3L, 5L), values(runner, ephemeral, "values"));
    assertTrue(runner.hasResult(ephemeral));
    List<String> files = files(ephemeral);
    assertFalse(files.contains("result.parquet"), files.toString());
    assertFalse(files.contains("result.json"), files.toString());
    assertFalse(files.contains("done"), files.toString());
    // the dataset itself is stored
    assertTrue(files(dataset).containsAll(List.of("done", "result.parquet", "status.json")), files(dataset).toString());
    assertEquals(List.of(1L, 3L, 5L), values(runner, ephemeral, "values"));

    // a new process (runner) recomputes the ephemeral op from the stored dataset
    try (Runner other = Runner.open(store.toString())) {
      assertTrue(other.hasResult(dataset));
      assertTrue(other.hasResult(ephemeral));
      assertEquals(List.of(1L, 3L, 5L), values(other, ephemeral, "values"));
    }
  }

  @Test
  void storedResultsAreReadBackByAnotherRunner() {
    Dataset dataset = runner.fromInlineDataset(data(
        "text", List.of("a", "b", "c", "d"), "nested", List.of(List.of(1.5), List.of(), List.of(2.0, 3.0), List.of(4.0))));
    var split = dataset.assignTrainTestSplit(o -> o.testSize(0.5).randomState(42));
    var template = dataset.template("{{t}}!", java.util.Map.of("t", dataset.colText("text")));
    var ids = dataset.assignRowId();
    runner.materialize(split, template, ids);
    try (Runner other = Runner.open(store.toString())) {
      assertEquals(List.of("test", "train", "train", "test"), values(other, split));
      assertEquals(List.of("a!", "b!", "c!", "d!"), values(other, template));
      assertEquals(values(runner, ids), values(other, ids));
      assertEquals(List.of(List.of(1.5), List.of(), List.of(2.0, 3.0), List.of(4.0)), values(other, dataset.colVector("nested")));
    }
  }
}
