package krnel.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import krnel.runner.Runner;
import krnel.types.TextColumn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's progress bar counts the rows of finished slices across the cluster (a Spark
 * accumulator the tasks add to, polled by the engine's progress thread) while the job runs.
 */
class SparkProgressTest {
  @TempDir Path store;

  @Test
  void rowsOfFinishedSlicesShowWhileTheJobRuns() {
    List<Long> shown = new CopyOnWriteArrayList<>();
    CountDownLatch gate = new CountDownLatch(1);
    GatedLengthImplementation.GATE.set(gate);
    SparkEngine engine = SparkEngine.builder().session(SharedSpark.session()).tasks(2).onRowsShown(rows -> {
      shown.add(rows);
      gate.countDown(); // slice 0 is counted while slice 1 waits: now let slice 1 finish
    }).build();
    try (Runner runner = Runner.open(store.toString()).useEngine(engine)) {
      TextColumn text = runner.fromInlineDataset(Map.of("text", List.of("a", "bb", "ccc", "dddd", "eeeee"))).colText("text");
      GatedLengthOp lengths = ImmutableGatedLengthOp.builder().text(text).build();

      runner.materialize(lengths);

      assertEquals(List.of(3L, 5L), shown, "slice 0 (3 rows) while slice 1 waited, then all 5 rows");
      assertArrayEquals(new double[] {1, 2, 3, 4, 5}, runner.toDoubleArray(lengths));
    } finally {
      GatedLengthImplementation.GATE.set(new CountDownLatch(0));
    }
  }
}
