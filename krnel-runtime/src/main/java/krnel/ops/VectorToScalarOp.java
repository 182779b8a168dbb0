package krnel.ops;

import krnel.annotations.Ephemeral;
import krnel.annotations.Op;
import krnel.types.ScoreColumn;
import krnel.types.VectorColumn;

/** Component {@code colIndex} of each vector. */
@Ephemeral
@Op(fluent = "col")
public interface VectorToScalarOp extends ScoreColumn {
  VectorColumn input();

  default int colIndex() {
    return 0;
  }
}
