package krnel.ops;

import krnel.annotations.Ephemeral;
import krnel.annotations.Op;
import krnel.types.BooleanColumn;
import krnel.types.Dataset;

/** The rows where {@code mask} is true. */
@Ephemeral
@Op(fluent = "maskRows")
public interface MaskRowsOp extends Dataset {
  Dataset dataset();

  BooleanColumn mask();
}
