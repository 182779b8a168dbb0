package krnel.cli;

import java.util.Optional;
import krnel.graph.OpSpec;
import krnel.runner.Runner;

/** Why a stored result is stale, for listings that also show ops this classpath cannot run. */
final class Staleness {
  private Staleness() {}

  /** {@link Runner#staleness}, or empty when no implementation of the op is on the classpath to compare with. */
  static Optional<String> of(Runner runner, OpSpec op) {
    try {
      return runner.staleness(op);
    } catch (IllegalStateException noImplementation) {
      return Optional.empty();
    }
  }
}
