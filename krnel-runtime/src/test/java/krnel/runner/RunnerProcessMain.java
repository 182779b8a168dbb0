package krnel.runner;

import java.nio.file.Path;

/**
 * A second runner process for {@link RunnerProcessTest}: materializes one {@link CountedOp} on a
 * directory store. Arguments: store directory, counter file, label, sleep in milliseconds.
 */
public final class RunnerProcessMain {
  private RunnerProcessMain() {}

  public static void main(String[] args) {
    CountedOp op = ImmutableCountedOp.builder().label(args[2]).sleepMillis(Integer.parseInt(args[3])).build();
    try (Runner runner = Runner.open(args[0], CountedImplementation.module(Path.of(args[1]), "1"))) {
      System.out.println("started " + op.uuid());
      System.out.flush();
      runner.materialize(op);
      System.out.println("done " + op.uuid());
    }
  }
}
