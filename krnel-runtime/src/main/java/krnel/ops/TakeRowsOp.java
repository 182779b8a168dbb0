package krnel.ops;

import krnel.annotations.Ephemeral;
import krnel.annotations.Nullable;
import krnel.annotations.Op;
import krnel.types.Dataset;

/** Rows {@code offset, offset + skip, ...}, at most {@code numRows} of them. */
@Ephemeral
@Op(fluent = "take")
public interface TakeRowsOp extends Dataset {
  Dataset dataset();

  default int skip() {
    return 1;
  }

  default int offset() {
    return 0;
  }

  @Nullable
  Integer numRows();
}
