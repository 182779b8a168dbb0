package krnel.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import krnel.runner.Runner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An executor's model sessions get its cores as intra-op threads and its tasks take turns on them,
 * where the driver knows the executor's cores; elsewhere tasks run side by side on their own cores.
 */
class ModelThreadsTest {
  @TempDir Path store;

  @Test
  void executorCoresFromTheMasterOrTheConfiguration() {
    assertEquals(OptionalInt.of(2), ExecutorCores.of("local[2]", Optional.empty()));
    assertEquals(OptionalInt.of(2), ExecutorCores.of("local[2,2]", Optional.of("8")), "local mode has one executor");
    assertEquals(OptionalInt.of(1), ExecutorCores.of("local", Optional.empty()));
    assertEquals(OptionalInt.of(Runtime.getRuntime().availableProcessors()), ExecutorCores.of("local[*, 3]", Optional.empty()));
    assertEquals(OptionalInt.of(3), ExecutorCores.of("local-cluster[2, 3, 1024]", Optional.empty()));
    assertEquals(OptionalInt.of(4), ExecutorCores.of("yarn", Optional.of("4")));
    assertEquals(OptionalInt.of(1), ExecutorCores.of("spark://127.0.0.1:7077", Optional.of(" 1 ")));
    assertEquals(OptionalInt.empty(), ExecutorCores.of("spark://127.0.0.1:7077", Optional.empty()),
        "a standalone executor takes the worker's free cores, which only the worker knows");
    assertEquals(OptionalInt.empty(), ExecutorCores.of("k8s://https://host", Optional.of("two")));
  }

  @Test
  void executorsWithUnknownCoresRunTheirTasksSideBySide() {
    String threads = System.getProperty(ExecutorJvm.INTRA_OP_THREADS);
    String concurrent = System.getProperty(ExecutorJvm.CONCURRENT_RUNS);
    try {
      System.clearProperty(ExecutorJvm.INTRA_OP_THREADS);
      System.clearProperty(ExecutorJvm.CONCURRENT_RUNS);
      ExecutorJvm.layOutModelThreads(0, 2);
      assertEquals("2", System.getProperty(ExecutorJvm.INTRA_OP_THREADS));
      assertEquals("true", System.getProperty(ExecutorJvm.CONCURRENT_RUNS));

      System.clearProperty(ExecutorJvm.INTRA_OP_THREADS);
      System.clearProperty(ExecutorJvm.CONCURRENT_RUNS);
      System.setProperty(ExecutorJvm.INTRA_OP_THREADS, "3");
      ExecutorJvm.layOutModelThreads(8, 1);
      assertEquals("3", System.getProperty(ExecutorJvm.INTRA_OP_THREADS), "-D on the executor wins");
      assertNull(System.getProperty(ExecutorJvm.CONCURRENT_RUNS));
    } finally {
      restore(ExecutorJvm.INTRA_OP_THREADS, threads);
      restore(ExecutorJvm.CONCURRENT_RUNS, concurrent);
    }
  }

  /** The test JVM's local[2,2]: tasks of one core each, sessions of two threads that the tasks take turns on. */
  @Test
  void localTwoGivesSessionsBothCores() {
    try (Runner runner = Runner.open(store.toString()).useEngine(SharedSpark.engine(2))) {
      runner.materialize(ImmutableFlakyLengthOp.builder()
          .text(runner.fromInlineDataset(Map.of("text", List.of("a", "bb", "ccc"))).colText("text")).failingAttempts(0).build());
    }
    assertEquals("2", System.getProperty(ExecutorJvm.INTRA_OP_THREADS));
    assertNull(System.getProperty(ExecutorJvm.CONCURRENT_RUNS), "the tasks take turns");
  }

  private static void restore(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }
}
