package krnel.s3;

import krnel.annotations.ExcludeFromUuid;
import krnel.annotations.Op;
import krnel.types.ScoreColumn;

/** A test op whose implementation counts its runs in a file, and can be slow, large or failing on purpose. */
@Op
public interface SlowOp extends ScoreColumn {
  /** Distinguishes ops (and so uuids) between tests. */
  String label();

  /** Rows of the result (8 bytes each, incompressible): 1,000,000 rows make a multipart upload. */
  default int rows() {
    return 3;
  }

  /** How long the computation sleeps, to give a test time to interfere; not part of the op's identity. */
  @ExcludeFromUuid
  default int sleepMillis() {
    return 0;
  }

  /** Produce the result as a stream of batches. */
  default boolean streamed() {
    return false;
  }

  /** With {@link #streamed}: throw after the first batch, while the store writes the result. */
  default boolean failMidStream() {
    return false;
  }
}
