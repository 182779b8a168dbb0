package krnel.s3;

import java.util.concurrent.TimeUnit;

/** Waiting for what another process or thread does. */
final class ProcessTestSupport {
  private ProcessTestSupport() {}

  interface Condition {
    boolean holds() throws Exception;
  }

  static void waitFor(Condition condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out");
      }
      Thread.sleep(20);
    }
  }
}
