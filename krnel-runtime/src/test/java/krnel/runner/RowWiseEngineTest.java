package krnel.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import krnel.graph.OpSpec;
import krnel.ops.ClassifierPredictOp;
import krnel.ops.LoadInlineJsonDatasetOp;
import krnel.ops.TrainClassifierOp;
import krnel.store.ParquetResults;
import krnel.types.VectorColumn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine hook: row-wise ops go to the engine, the store keeps the same bytes and statuses either way. */
class RowWiseEngineTest {
  @TempDir Path local;
  @TempDir Path engined;
  @TempDir Path scratch;

  /** Computes on the driver's thread, as a distributed engine would on one slice holding every row. */
  private final class RecordingEngine implements RowWiseEngine {
    final List<String> computed = new ArrayList<>();
    boolean closed;

    @Override
    public boolean accepts(OpSpec op, OpImplementation<OpSpec> implementation) {
      return true;
    }

    @Override
    public Path compute(OpSpec op, OpImplementation<OpSpec> implementation, Inputs inputs, Store store) throws Exception {
      computed.add(op.wireName());
      Path file = Files.createTempFile(scratch, "part", ".parquet");
      try (Result.Table result = (Result.Table) implementation.compute(op, inputs)) {
        ParquetResults.write(file, result.root());
      }
      return file;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static ClassifierPredictOp predict(Runner runner) {
    LoadInlineJsonDatasetOp ds = runner.fromInlineDataset(Map.of(
        "x", List.of(List.of(0.0, 1.0), List.of(1.0, 0.0), List.of(0.2, 0.9)), "y", List.of(true, false, true)));
    VectorColumn x = ds.colVector("x");
    TrainClassifierOp probe = x.trainClassifier("logistic_regression", ds.colBoolean("y"));
    return (ClassifierPredictOp) probe.predict(x);
  }

  private static Path result(Path store, OpSpec op) {
    String[] parts = Store.split(op.uuid());
    return store.resolve(parts[0]).resolve(parts[1]).resolve("result.parquet");
  }

  @Test
  void rowWiseOpsGoToTheEngineAndStoreWhatTheLocalRunnerStores() throws Exception {
    ClassifierPredictOp predict;
    String localVersion;
    try (Runner runner = Runner.open(local.toString())) {
      predict = predict(runner);
      runner.materialize(predict);
      localVersion = runner.status(predict).implementationVersion();
    }
    RecordingEngine engine = new RecordingEngine();
    try (Runner runner = Runner.open(engined.toString()).useEngine(engine)) {
      ClassifierPredictOp same = predict(runner);
      runner.materialize(same);
      assertEquals(List.of("ClassifierPredictOp"), engine.computed, "training is not row-wise: it stays on the runner");
      assertEquals(OpState.COMPLETED, runner.status(same).state());
      assertEquals(localVersion, runner.status(same).implementationVersion());
      assertArrayEquals(Files.readAllBytes(result(local, predict)), Files.readAllBytes(result(engined, same)));
      try (Runner again = Runner.open(engined.toString())) {
        assertEquals(List.of(), again.plan(List.of(predict(again))), "a runner without the engine finds it computed");
      }
    }
    assertTrue(engine.closed, "the runner closes its engine");
    try (var files = Files.list(scratch)) {
      assertFalse(files.findAny().isPresent(), "the engine's file is deleted once stored");
    }
  }
}
