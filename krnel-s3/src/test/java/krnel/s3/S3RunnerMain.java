package krnel.s3;

import java.nio.file.Path;
import krnel.runner.Runner;

/**
 * A runner in its own process, for {@link S3ProcessTest}: materializes one {@link SlowOp} on an s3
 * store (configured by the system properties and environment the test gives it). Arguments: store
 * URI, counter file, label, sleep in milliseconds; or {@code open <store URI>} to only open the
 * store and print why it cannot be opened.
 */
public final class S3RunnerMain {
  private S3RunnerMain() {}

  public static void main(String[] args) {
    if (args[0].equals("open")) {
      try (Runner runner = Runner.open(args[1])) {
        System.out.println("opened " + runner.store().uri());
      } catch (RuntimeException e) {
        System.out.println("error: " + e.getMessage());
        System.exit(1);
      }
      return;
    }
    SlowOp op = ImmutableSlowOp.builder().label(args[2]).sleepMillis(Integer.parseInt(args[3])).build();
    try (Runner runner = Runner.open(args[0], SlowImplementation.module(Path.of(args[1])))) {
      System.out.println("started " + op.uuid());
      System.out.flush();
      runner.materialize(op);
      System.out.println("done " + op.uuid());
    }
  }
}
