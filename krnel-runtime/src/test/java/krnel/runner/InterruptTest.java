package krnel.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interrupting the thread that computes an op (the notebook's stop button) stops it: a blocking call's
 * InterruptedException or a {@link Progress} step ends the computation, the op's status in a real local store becomes
 * failed with "interrupted", nothing is stored, and the same runner computes it afterwards.
 */
class InterruptTest {
  @TempDir Path dir;

  @Test
  void anInterruptedSleepFailsTheOpAndTheStatusSaysInterrupted() throws Exception {
    CountedOp op = ImmutableCountedOp.builder().label("sleeps").sleepMillis(600_000).build();
    try (Runner runner = Runner.open(dir.resolve("store").toString(), CountedImplementation.module(null, "1"))) {
      Throwable failure = interruptWhileRunning(runner, op);
      OpFailedException failed = assertInstanceOf(OpFailedException.class, failure);
      assertTrue(failed.getMessage().contains("failed: interrupted"), failed.getMessage());
      assertStoppedAndFailed(runner, op);
    }
  }

  @Test
  void aProgressStepStopsABusyOpWhoseThreadIsStillInterruptedWhenTheStatusIsWritten() throws Exception {
    CountedOp op = ImmutableCountedOp.builder().label("busy").build();
    try (Runner runner = Runner.open(dir.resolve("store").toString(), busyModule())) {
      Throwable failure = interruptWhileRunning(runner, op);
      assertTrue(failure.getMessage().contains("failed: interrupted"), failure.getMessage());
      assertInstanceOf(CancellationException.class, failure.getCause());
      assertStoppedAndFailed(runner, op);
    }
    // the interrupt was the op's failure, not the next one's: a new runner on the store computes it
    try (Runner runner = Runner.open(dir.resolve("store").toString(), CountedImplementation.module(null, "1"))) {
      runner.materialize(op);
      assertEquals(OpState.COMPLETED, runner.status(op).state());
    }
  }

  @Test
  void aStepOnAnInterruptedThreadThrowsAndLeavesTheFlagForTheRunner() {
    Progress progress = Progress.silent("rows", 10);
    progress.step(1);
    Thread.currentThread().interrupt();
    try {
      CancellationException stop = assertThrows(CancellationException.class, () -> progress.step(1));
      assertEquals("rows: interrupted after 1 of 10", stop.getMessage());
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  /** Materializes {@code op} on a thread, interrupts it once the op's status is running, and returns what it threw. */
  private static Throwable interruptWhileRunning(Runner runner, CountedOp op) throws InterruptedException {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread cell = new Thread(() -> {
      try {
        runner.materialize(op);
      } catch (Throwable t) {
        thrown.set(t);
      }
    }, "interrupted-cell");
    cell.start();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (runner.status(op).state() != OpState.RUNNING) {
      assertTrue(System.nanoTime() < deadline && cell.isAlive(), "the op never started: " + thrown.get());
      Thread.sleep(10);
    }
    cell.interrupt();
    cell.join(30_000);
    assertFalse(cell.isAlive(), "the interrupt did not stop the op");
    assertTrue(thrown.get() != null, "materialize returned although interrupted");
    return thrown.get();
  }

  private static void assertStoppedAndFailed(Runner runner, CountedOp op) {
    OpStatus status = runner.status(op);
    assertEquals(OpState.FAILED, status.state());
    assertEquals(OpFailedException.INTERRUPTED, status.error());
    assertFalse(runner.hasResult(op));
  }

  /** CountedOp computed by a loop that never blocks: only its Progress steps can stop it. */
  private static KrnelModule busyModule() {
    return new KrnelModule() {
      @Override
      protected void configure() {
        implement(new OpImplementation<CountedOp>() {
          @Override
          public Class<CountedOp> opType() {
            return CountedOp.class;
          }

          @Override
          public String version() {
            return "busy";
          }

          @Override
          public Result compute(CountedOp op, Inputs inputs) {
            try (Progress progress = inputs.progress("busy", Long.MAX_VALUE)) {
              while (true) {
                long until = System.nanoTime() + 1_000_000;
                while (System.nanoTime() < until) {
                  Thread.onSpinWait();
                }
                progress.step(1);
              }
            }
          }
        });
      }
    };
  }
}
