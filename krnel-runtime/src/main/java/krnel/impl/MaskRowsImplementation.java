package krnel.impl;

import krnel.ops.MaskRowsOp;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Result;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The dataset's rows where {@code mask} is true ({@code pc.filter}: a null in the mask drops the
 * row). The mask must be a boolean column as long as the dataset. Unlike the reference, an empty
 * mask on a non-empty dataset is a length mismatch, not "keep every row".
 */
public final class MaskRowsImplementation implements OpImplementation<MaskRowsOp> {
  @Override
  public Class<MaskRowsOp> opType() {
    return MaskRowsOp.class;
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public Result compute(MaskRowsOp op, Inputs inputs) {
    VectorSchemaRoot dataset = inputs.table(op.dataset());
    FieldVector column = Tables.column(inputs.table(op.mask()), "mask", op.mask());
    if (!(column instanceof BitVector)) {
      throw new IllegalArgumentException("mask: expected a boolean column, got Arrow type "
          + SelectColumnImplementation.describe(column.getField()) + " from " + op.mask().uuid());
    }
    BitVector mask = (BitVector) column;
    if (mask.getValueCount() != dataset.getRowCount()) {
      throw new IllegalArgumentException("mask: Mask length must match dataset row count (the mask has "
          + mask.getValueCount() + " rows, the dataset " + dataset.getRowCount() + ")");
    }
    int kept = 0;
    int[] rows = new int[mask.getValueCount()];
    for (int i = 0; i < rows.length; i++) {
      if (!mask.isNull(i) && mask.get(i) != 0) {
        rows[kept++] = i;
      }
    }
    return Result.table(Tables.take(dataset, java.util.Arrays.copyOf(rows, kept), inputs.allocator()));
  }
}
