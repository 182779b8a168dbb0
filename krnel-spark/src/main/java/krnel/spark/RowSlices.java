package krnel.spark;

import java.util.ArrayList;
import java.util.List;

/**
 * How a row-wise op's rows are cut into tasks. With enough rows every slice is a whole number of
 * Parquet row groups, so the driver merges the parts by copying their row groups; with fewer (a
 * few hundred rows on many cores) the slices are equal and the driver re-encodes the row groups
 * that span them (see {@code krnel.store.ParquetResultMerger}).
 */
final class RowSlices {
  private RowSlices() {}

  /** A slice of rows {@code [from, to)}. */
  record Slice(int index, long from, long to) implements java.io.Serializable {
    long rows() {
      return to - from;
    }
  }

  /**
   * At most {@code tasks} consecutive slices covering {@code rows} rows, none empty (but one
   * empty slice for no rows): more tasks than rows give one row per slice.
   */
  static List<Slice> of(long rows, int tasks, int rowGroupRows) {
    if (tasks < 1) {
      throw new IllegalArgumentException("tasks must be at least 1, got " + tasks);
    }
    if (rows == 0) {
      return List.of(new Slice(0, 0, 0));
    }
    long size = ceil(rows, tasks);
    if (rows >= (long) rowGroupRows * tasks) {
      size = ceil(size, rowGroupRows) * rowGroupRows; // whole row groups: copied, not re-encoded
    }
    List<Slice> slices = new ArrayList<>();
    for (long from = 0; from < rows; from += size) {
      slices.add(new Slice(slices.size(), from, Math.min(rows, from + size)));
    }
    return slices;
  }

  private static long ceil(long a, long b) {
    return (a + b - 1) / b;
  }
}
