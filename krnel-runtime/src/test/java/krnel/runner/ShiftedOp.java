package krnel.runner;

import krnel.annotations.ExcludeFromUuid;
import krnel.annotations.Op;
import krnel.types.ScoreColumn;

/** A test op that reads a score column: each value plus {@code shift}; for graphs with dependencies in the reliability suite. */
@Op
public interface ShiftedOp extends ScoreColumn {
  ScoreColumn input();

  double shift();

  /** How long the computation sleeps, to give a test time to interfere; not part of the op's identity. */
  @ExcludeFromUuid
  default int sleepMillis() {
    return 0;
  }
}
