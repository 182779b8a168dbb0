package krnel.store;

import java.util.Arrays;

/**
 * The definition or repetition levels of one page under construction, kept as (level, count) runs:
 * a vector row of 768 values adds two runs, not 768 entries, so levels cost almost nothing next to
 * the values. {@link RleEncoder} turns them into Parquet's RLE/bit-packed hybrid.
 */
final class LevelRuns {
  private int[] levels = new int[64];
  private int[] counts = new int[64];
  private int runs;
  private long total;

  void add(int level, int count) {
    if (count <= 0) {
      return;
    }
    total += count;
    if (runs > 0 && levels[runs - 1] == level && counts[runs - 1] <= Integer.MAX_VALUE - count) {
      counts[runs - 1] += count;
      return;
    }
    if (runs == levels.length) {
      levels = Arrays.copyOf(levels, runs * 2);
      counts = Arrays.copyOf(counts, runs * 2);
    }
    levels[runs] = level;
    counts[runs] = count;
    runs++;
  }

  long total() {
    return total;
  }

  void clear() {
    runs = 0;
    total = 0;
  }

  /** Appends the hybrid encoding of these levels at {@code bitWidth} bits each to {@code out}. */
  void encode(int bitWidth, PageBuffer out) {
    RleEncoder encoder = new RleEncoder(bitWidth, out);
    for (int i = 0; i < runs; i++) {
      encoder.add(levels[i], counts[i]);
    }
    encoder.finish();
  }
}
