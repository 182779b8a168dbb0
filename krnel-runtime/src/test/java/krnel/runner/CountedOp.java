package krnel.runner;

import krnel.annotations.ExcludeFromUuid;
import krnel.annotations.Op;
import krnel.types.ScoreColumn;

/** A test op whose implementation counts its runs in a file and can be slow or fail on purpose. */
@Op
public interface CountedOp extends ScoreColumn {
  /** Distinguishes ops (and so uuids) between tests. */
  String label();

  default int rows() {
    return 3;
  }

  /** How long the computation sleeps, to give a test time to interfere; not part of the op's identity. */
  @ExcludeFromUuid
  default int sleepMillis() {
    return 0;
  }

  /** Produce the result as a stream of two-row batches. */
  default boolean streamed() {
    return false;
  }

  /** Throw instead of computing. */
  default boolean fail() {
    return false;
  }
}
