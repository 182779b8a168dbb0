package krnel.ops;

import krnel.annotations.Op;
import krnel.types.Dataset;
import krnel.types.RowIdColumn;

/** A stable identifier per row, derived from the row's content. */
@Op(fluent = "assignRowId")
public interface AssignRowIDOp extends RowIdColumn {
  Dataset dataset();
}
