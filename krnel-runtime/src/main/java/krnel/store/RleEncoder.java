package krnel.store;

/**
 * Parquet's RLE/bit-packed hybrid encoding, fed with runs. A run of 8 or more equal values becomes
 * an RLE run; shorter ones are gathered into bit-packed groups of 8 (at most 63 groups a run, as
 * parquet-mr and Arrow C++ write them), the last group padded with zeros.
 */
final class RleEncoder {
  private static final int MAX_LITERALS = 63 * 8;

  private final int bitWidth;
  private final PageBuffer out;
  private final int[] literals = new int[MAX_LITERALS];
  private int literalCount;

  RleEncoder(int bitWidth, PageBuffer out) {
    if (bitWidth < 0 || bitWidth > 32) {
      throw new IllegalArgumentException("bit width " + bitWidth);
    }
    this.bitWidth = bitWidth;
    this.out = out;
  }

  void add(int value, int count) {
    while (count > 0) {
      if (literalCount % 8 != 0) {
        int take = Math.min(count, 8 - literalCount % 8);
        addLiterals(value, take);
        count -= take;
      } else if (count >= 8) {
        flushLiterals();
        out.putVarint((long) count << 1);
        for (int i = 0; i < (bitWidth + 7) / 8; i++) {
          out.putByte(value >>> (8 * i));
        }
        count = 0;
      } else {
        addLiterals(value, count);
        count = 0;
      }
    }
  }

  private void addLiterals(int value, int count) {
    for (int i = 0; i < count; i++) {
      literals[literalCount++] = value;
      if (literalCount == MAX_LITERALS) {
        flushLiterals();
      }
    }
  }

  void finish() {
    flushLiterals();
  }

  private void flushLiterals() {
    if (literalCount == 0) {
      return;
    }
    int groups = (literalCount + 7) / 8;
    while (literalCount < groups * 8) {
      literals[literalCount++] = 0;
    }
    out.putVarint(((long) groups << 1) | 1);
    long buffer = 0;
    int bits = 0;
    for (int i = 0; i < literalCount; i++) {
      buffer |= (literals[i] & 0xFFFFFFFFL) << bits;
      bits += bitWidth;
      while (bits >= 8) {
        out.putByte((int) buffer);
        buffer >>>= 8;
        bits -= 8;
      }
    }
    literalCount = 0;
  }
}
