package krnel.store;

import java.nio.ByteBuffer;

/**
 * Decodes Parquet's RLE/bit-packed hybrid encoding (levels, dictionary indices, RLE booleans) into
 * an int array. Bit-packed runs may be padded past the values wanted; the padding is skipped.
 */
final class RleDecoder {
  private RleDecoder() {}

  /**
   * Decodes {@code count} values of {@code bitWidth} bits from {@code in}, starting at its
   * position, into {@code out}; leaves {@code in} after the last run read.
   */
  static void decode(ByteBuffer in, int bitWidth, int[] out, int count) {
    if (bitWidth == 0) {
      java.util.Arrays.fill(out, 0, count, 0);
      return;
    }
    if (bitWidth > 32) {
      throw new IllegalStateException("bit width " + bitWidth + " is over 32");
    }
    int filled = 0;
    int valueBytes = (bitWidth + 7) / 8;
    long mask = bitWidth == 32 ? 0xFFFFFFFFL : (1L << bitWidth) - 1;
    while (filled < count) {
      long header = readVarint(in);
      if ((header & 1) == 0) {
        long runLength = header >>> 1;
        int value = 0;
        for (int i = 0; i < valueBytes; i++) {
          value |= (in.get() & 0xFF) << (8 * i);
        }
        int n = (int) Math.min(runLength, count - filled);
        java.util.Arrays.fill(out, filled, filled + n, value);
        filled += n;
      } else {
        long values = (header >>> 1) * 8;
        long bytes = (header >>> 1) * bitWidth;
        int available = (int) Math.min(bytes, in.remaining());
        int end = in.position() + available;
        long buffer = 0;
        int bits = 0;
        for (long i = 0; i < values && filled < count; i++) {
          while (bits < bitWidth && in.position() < end) {
            buffer |= (in.get() & 0xFFL) << bits;
            bits += 8;
          }
          if (bits < bitWidth) {
            throw new IllegalStateException("a bit-packed run ends early");
          }
          out[filled++] = (int) (buffer & mask);
          buffer >>>= bitWidth;
          bits -= bitWidth;
        }
        in.position(end);
      }
    }
  }

  private static long readVarint(ByteBuffer in) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!in.hasRemaining()) {
        throw new IllegalStateException("RLE data ends inside a run header");
      }
      int b = in.get() & 0xFF;
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalStateException("an RLE run header is longer than 64 bits");
  }

  /**
   * Whether the first {@code count} values at {@code in}'s position are all {@code value} in RLE
   * runs, judged from the run headers alone; {@code in} is left where it was.
   */
  static boolean isRunOf(ByteBuffer in, int bitWidth, int count, int value) {
    ByteBuffer headers = in.duplicate();
    int valueBytes = (bitWidth + 7) / 8;
    long covered = 0;
    while (covered < count && headers.hasRemaining()) {
      long header = readVarint(headers);
      if ((header & 1) != 0) {
        return false;
      }
      int runValue = 0;
      for (int i = 0; i < valueBytes; i++) {
        runValue |= (headers.get() & 0xFF) << (8 * i);
      }
      if (runValue != value) {
        return false;
      }
      covered += header >>> 1;
    }
    return covered >= count;
  }

  /**
   * Decodes {@code count} levels and writes the positions of the zeros to {@code out}, without
   * materializing the levels: for one level of lists, the zeros are where rows start. Returns how
   * many there are.
   */
  static int zeroPositions(ByteBuffer in, int bitWidth, int count, int[] out) {
    int zeros = 0;
    int position = 0;
    int valueBytes = (bitWidth + 7) / 8;
    long mask = bitWidth == 32 ? 0xFFFFFFFFL : (1L << bitWidth) - 1;
    while (position < count) {
      long header = readVarint(in);
      if ((header & 1) == 0) {
        int value = 0;
        for (int i = 0; i < valueBytes; i++) {
          value |= (in.get() & 0xFF) << (8 * i);
        }
        int n = (int) Math.min(header >>> 1, count - position);
        if (value == 0) {
          for (int i = 0; i < n; i++) {
            out[zeros++] = position + i;
          }
        }
        position += n;
      } else {
        long values = (header >>> 1) * 8;
        int available = (int) Math.min((header >>> 1) * bitWidth, in.remaining());
        int end = in.position() + available;
        long buffer = 0;
        int bits = 0;
        for (long i = 0; i < values && position < count; i++) {
          while (bits < bitWidth && in.position() < end) {
            buffer |= (in.get() & 0xFFL) << bits;
            bits += 8;
          }
          if (bits < bitWidth) {
            throw new IllegalStateException("a bit-packed run ends early");
          }
          if ((buffer & mask) == 0) {
            out[zeros++] = position;
          }
          position++;
          buffer >>>= bitWidth;
          bits -= bitWidth;
        }
        in.position(end);
      }
    }
    return zeros;
  }
}
