package krnel.ops;

import krnel.annotations.Nullable;
import krnel.annotations.Op;
import krnel.types.Dataset;
import krnel.types.TrainTestSplitColumn;

/**
 * {@code "train"} or {@code "test"} per row, drawn exactly as Python's
 * {@code random.Random(randomState).sample}. Sizes are fractions (floats) or row counts (ints); by
 * default a quarter of the rows are test rows. Build it with {@code dataset.assignTrainTestSplit()}.
 */
@Op(fluent = Op.NONE)
public interface AssignTrainTestSplitOp extends TrainTestSplitColumn {
  Dataset dataset();

  /** A float in (0, 1) or an int row count; ints and floats hash differently, as in Python. */
  @Nullable
  Number testSize();

  @Nullable
  Number trainSize();

  /**
   * Any integer, as Python's {@code random.Random} takes (Integer, Long or BigInteger: CPython seeds
   * from the 32-bit words of its absolute value); the default is the date of the Great Molasses
   * Flood, krnel-graph's default.
   */
  default Number randomState() {
    return 19190115;
  }
}
