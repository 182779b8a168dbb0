package krnel.types;

import krnel.annotations.ColumnType;
import krnel.ops.CategoryToBooleanOp;

/** A column of {@code "train"} / {@code "test"} labels. */
@ColumnType
public interface TrainTestSplitColumn extends LabelColumn, TrainTestSplitColumnFluent {
  /** True on training rows. */
  default CategoryToBooleanOp train() {
    return isIn("train");
  }

  /** True on test rows. */
  default CategoryToBooleanOp test() {
    return isIn("test");
  }
}
