package krnel.impl;

import krnel.ops.TakeRowsOp;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Result;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * {@code table[offset::skip][:num_rows]} with Python's slice rules: a negative offset counts from
 * the end, a negative skip walks backwards, a negative {@code num_rows} drops rows from the end,
 * an offset past the end gives no rows; a skip of 0 is an error.
 */
public final class TakeRowsImplementation implements OpImplementation<TakeRowsOp> {
  @Override
  public Class<TakeRowsOp> opType() {
    return TakeRowsOp.class;
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public Result compute(TakeRowsOp op, Inputs inputs) {
    if (op.skip() == 0) {
      throw new IllegalArgumentException("skip: must not be 0 (Python: slice step cannot be zero); use 1 to take every row");
    }
    VectorSchemaRoot dataset = inputs.table(op.dataset());
    int[] rows = rows(dataset.getRowCount(), op.offset(), op.skip(), op.numRows());
    return Result.table(Tables.take(dataset, rows, inputs.allocator()));
  }

  /** The row indices of {@code range(n)[offset::skip][:numRows]}. */
  static int[] rows(int n, int offset, int skip, Integer numRows) {
    // slice(offset, None, skip).indices(n), as CPython computes it
    long start;
    long stop;
    if (skip > 0) {
      start = offset < 0 ? Math.max(0L, (long) offset + n) : Math.min((long) offset, n);
      stop = n;
    } else {
      start = offset < 0 ? Math.max(-1L, (long) offset + n) : Math.min((long) offset, n - 1L);
      stop = -1;
    }
    long count = skip > 0
        ? (stop > start ? (stop - start - 1) / skip + 1 : 0)
        : (start > stop ? (start - stop - 1) / (-(long) skip) + 1 : 0);
    if (numRows != null) {
      long limit = numRows >= 0 ? numRows : Math.max(0L, count + numRows);
      count = Math.min(count, limit);
    }
    int[] rows = new int[(int) count];
    for (int j = 0; j < rows.length; j++) {
      rows[j] = (int) (start + (long) j * skip);
    }
    return rows;
  }
}
