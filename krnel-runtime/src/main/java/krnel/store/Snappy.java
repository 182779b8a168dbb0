package krnel.store;

import java.nio.ByteBuffer;

/**
 * Decompresses a raw Snappy block, the form Parquet's SNAPPY codec uses (pandas' default), so that
 * reading a user's Parquet file needs no native Snappy library. Format: a varint length, then
 * literals and back-references with 1-, 2- or 4-byte offsets.
 */
final class Snappy {
  private Snappy() {}

  /**
   * Decompresses {@code in} (position to limit) into a new heap buffer of {@code expected} bytes.
   */
  static ByteBuffer decompress(ByteBuffer in, int expected) {
    ByteBuffer src = in.duplicate();
    long length = 0;
    for (int shift = 0; ; shift += 7) {
      if (shift > 28) {
        throw new IllegalStateException("snappy: bad length header");
      }
      int b = src.get() & 0xFF;
      length |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
    }
    if (length != expected) {
      throw new IllegalStateException(
          "snappy: block holds " + length + " bytes, the page header says " + expected);
    }
    byte[] out = new byte[expected];
    int at = 0;
    while (src.hasRemaining()) {
      int tag = src.get() & 0xFF;
      int kind = tag & 3;
      if (kind == 0) {
        int n = tag >>> 2;
        if (n >= 60) {
          int bytes = n - 59;
          n = 0;
          for (int i = 0; i < bytes; i++) {
            n |= (src.get() & 0xFF) << (8 * i);
          }
        }
        n += 1;
        if (n < 0 || n > expected - at || n > src.remaining()) {
          throw new IllegalStateException("snappy: a literal overruns the block");
        }
        src.get(out, at, n);
        at += n;
        continue;
      }
      int n;
      int offset;
      if (kind == 1) {
        n = 4 + ((tag >>> 2) & 7);
        offset = ((tag >>> 5) << 8) | (src.get() & 0xFF);
      } else if (kind == 2) {
        n = (tag >>> 2) + 1;
        offset = (src.get() & 0xFF) | (src.get() & 0xFF) << 8;
      } else {
        n = (tag >>> 2) + 1;
        offset =
            src.get() & 0xFF
                | (src.get() & 0xFF) << 8
                | (src.get() & 0xFF) << 16
                | (src.get() & 0xFF) << 24;
      }
      if (offset <= 0 || offset > at || n > expected - at) {
        throw new IllegalStateException("snappy: a copy reaches outside the block");
      }
      for (int i = 0; i < n; i++, at++) {
        out[at] = out[at - offset];
      }
    }
    if (at != expected) {
      throw new IllegalStateException(
          "snappy: block ends after " + at + " of " + expected + " bytes");
    }
    return ByteBuffer.wrap(out);
  }
}
