package krnel.spark;

import krnel.annotations.Op;
import krnel.types.ScoreColumn;
import krnel.types.TextColumn;

/** A test op: each text's length; its Spark task for slice 1 fails in its first {@code failingAttempts} attempts. */
@Op
public interface FlakyLengthOp extends ScoreColumn {
  TextColumn text();

  int failingAttempts();
}
