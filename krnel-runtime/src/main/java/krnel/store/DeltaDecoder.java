package krnel.store;

import java.nio.ByteBuffer;

/**
 * Decodes Parquet's DELTA encodings, which parquet-mr, Spark and arrow-rs use for v2 data pages:
 * DELTA_BINARY_PACKED integers (blocks of bit-packed deltas from a per-block minimum), and byte
 * arrays as DELTA_LENGTH_BYTE_ARRAY (delta-packed lengths, then the bytes) or DELTA_BYTE_ARRAY
 * (delta-packed shared-prefix lengths, then the suffixes as DELTA_LENGTH_BYTE_ARRAY).
 */
final class DeltaDecoder {
  private DeltaDecoder() {}

  /** Decodes DELTA_BINARY_PACKED values at {@code in}'s position, leaving it after them. */
  static long[] binaryPacked(ByteBuffer in, int wanted) {
    int blockSize = (int) varint(in);
    int miniblocks = (int) varint(in);
    long total = varint(in);
    long value = zigzag(varint(in));
    if (blockSize <= 0
        || miniblocks <= 0
        || blockSize % miniblocks != 0
        || (blockSize / miniblocks) % 8 != 0) {
      throw new IllegalStateException(
          "bad DELTA_BINARY_PACKED header: block " + blockSize + ", miniblocks " + miniblocks);
    }
    if (total < wanted) {
      throw new IllegalStateException(
          "DELTA_BINARY_PACKED holds " + total + " values, " + wanted + " expected");
    }
    int perMiniblock = blockSize / miniblocks;
    long[] out = new long[(int) total];
    int n = 0;
    if (total > 0) {
      out[n++] = value;
    }
    int[] widths = new int[miniblocks];
    while (n < total) {
      long minDelta = zigzag(varint(in));
      for (int i = 0; i < miniblocks; i++) {
        widths[i] = in.get() & 0xFF;
      }
      for (int m = 0; m < miniblocks && n < total; m++) {
        int width = widths[m];
        if (width > 64) {
          throw new IllegalStateException("a miniblock of " + width + "-bit deltas");
        }
        long buffer = 0;
        int bits = 0;
        int end = in.position() + perMiniblock * width / 8;
        for (int i = 0; i < perMiniblock; i++) {
          long delta = 0;
          int got = 0;
          while (got < width) {
            if (bits == 0) {
              buffer = in.get() & 0xFFL;
              bits = 8;
            }
            int take = Math.min(width - got, bits);
            delta |= (buffer & ((1L << take) - 1)) << got;
            buffer >>>= take;
            bits -= take;
            got += take;
          }
          if (n < total) {
            value += minDelta + delta;
            out[n++] = value;
          }
        }
        in.position(end);
      }
    }
    return out;
  }

  /** DELTA_LENGTH_BYTE_ARRAY values, rewritten as PLAIN (length-prefixed) into {@code out}. */
  static void lengthByteArray(ByteBuffer in, int count, PageBuffer out) {
    long[] lengths = binaryPacked(in, count);
    int at = in.position();
    for (int i = 0; i < count; i++) {
      int length = (int) lengths[i];
      out.putInt(length);
      out.put(in.slice(at, length));
      at += length;
    }
    in.position(at);
  }

  /** DELTA_BYTE_ARRAY (incremental) values, rewritten as PLAIN into {@code out}. */
  static void byteArray(ByteBuffer in, int count, PageBuffer out) {
    long[] prefixes = binaryPacked(in, count);
    long[] lengths = binaryPacked(in, count);
    int at = in.position();
    byte[] previous = new byte[0];
    for (int i = 0; i < count; i++) {
      int prefix = (int) prefixes[i];
      int suffix = (int) lengths[i];
      if (prefix > previous.length) {
        throw new IllegalStateException(
            "a shared prefix of " + prefix + " bytes after a value of " + previous.length);
      }
      byte[] value = new byte[prefix + suffix];
      System.arraycopy(previous, 0, value, 0, prefix);
      in.get(at, value, prefix, suffix);
      at += suffix;
      out.putInt(value.length);
      out.put(ByteBuffer.wrap(value));
      previous = value;
    }
    in.position(at);
  }

  private static long varint(ByteBuffer in) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.get() & 0xFF;
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalStateException("a varint longer than 64 bits");
  }

  private static long zigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }
}
