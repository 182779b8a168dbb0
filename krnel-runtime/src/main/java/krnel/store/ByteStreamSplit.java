package krnel.store;

import java.nio.ByteBuffer;

/**
 * Parquet's BYTE_STREAM_SPLIT layout: of {@code count} values {@code width} bytes wide, byte 0 of
 * every value, then byte 1 of every value, and so on. For floats this puts the sign-and-exponent
 * bytes side by side, where zstd's entropy coder gains (Gaussian activations: the top byte
 * compresses 2.5×, the mantissa bytes not at all), and zstd decompresses such pages several times
 * faster than PLAIN ones.
 *
 * <p>Values go through heap arrays a block at a time: bulk copies in and out, and in between a
 * loop over plain byte arrays. Measured on JDK 17, float32 pages: 2.8 GB per CPU-second each way,
 * against 1.7 to 1.9 assembling ints from the streams and 0.3 byte by byte through a {@link
 * ByteBuffer}; float64 (the generic loop) 1.25. Each instance owns its scratch arrays: one per
 * thread at a time.
 */
final class ByteStreamSplit {
  /** Values per block: 64 KiB of float32 interleaved, which stays in the L2 cache. */
  private static final int BLOCK = 1 << 14;

  private byte[] interleaved = new byte[0];
  private byte[][] streams = new byte[0][];

  private void scratch(int width) {
    if (streams.length < width) {
      streams = new byte[width][BLOCK];
      interleaved = new byte[width * BLOCK];
    }
  }

  /**
   * Appends the {@code plain.remaining()} bytes of values at {@code plain}'s position to {@code
   * out} in split layout; {@code out} must have that much room.
   */
  void encode(ByteBuffer plain, int width, ByteBuffer out) {
    int bytes = plain.remaining();
    if (bytes % width != 0) {
      throw new IllegalStateException(
          bytes + " bytes are not a whole number of " + width + "-byte values");
    }
    scratch(width);
    int count = bytes / width;
    int in = plain.position();
    int base = out.position();
    byte[] o = interleaved;
    for (int from = 0; from < count; from += BLOCK) {
      int n = Math.min(BLOCK, count - from);
      plain.get(in + from * width, o, 0, n * width);
      if (width == 4) {
        byte[] s0 = streams[0];
        byte[] s1 = streams[1];
        byte[] s2 = streams[2];
        byte[] s3 = streams[3];
        for (int i = 0; i < n; i++) {
          s0[i] = o[4 * i];
          s1[i] = o[4 * i + 1];
          s2[i] = o[4 * i + 2];
          s3[i] = o[4 * i + 3];
        }
      } else {
        for (int b = 0; b < width; b++) {
          byte[] s = streams[b];
          for (int i = 0; i < n; i++) {
            s[i] = o[width * i + b];
          }
        }
      }
      for (int b = 0; b < width; b++) {
        out.put(base + b * count + from, streams[b], 0, n);
      }
    }
    out.position(base + bytes);
  }

  /**
   * Writes the {@code count} values split at {@code split}'s position into {@code out} (at its
   * position, which advances) in PLAIN layout.
   */
  void decode(ByteBuffer split, int count, int width, ByteBuffer out) {
    long bytes = (long) count * width;
    if (split.remaining() < bytes) {
      throw new IllegalStateException(
          "a BYTE_STREAM_SPLIT page of "
              + split.remaining()
              + " bytes cannot hold "
              + count
              + " values of "
              + width
              + " bytes");
    }
    scratch(width);
    int base = split.position();
    int at = out.position();
    byte[] o = interleaved;
    for (int from = 0; from < count; from += BLOCK) {
      int n = Math.min(BLOCK, count - from);
      for (int b = 0; b < width; b++) {
        split.get(base + b * count + from, streams[b], 0, n);
      }
      if (width == 4) {
        byte[] s0 = streams[0];
        byte[] s1 = streams[1];
        byte[] s2 = streams[2];
        byte[] s3 = streams[3];
        for (int i = 0; i < n; i++) {
          o[4 * i] = s0[i];
          o[4 * i + 1] = s1[i];
          o[4 * i + 2] = s2[i];
          o[4 * i + 3] = s3[i];
        }
      } else {
        for (int b = 0; b < width; b++) {
          byte[] s = streams[b];
          for (int i = 0; i < n; i++) {
            o[width * i + b] = s[i];
          }
        }
      }
      out.put(at + from * width, o, 0, n * width);
    }
    out.position(at + (int) bytes);
  }
}
