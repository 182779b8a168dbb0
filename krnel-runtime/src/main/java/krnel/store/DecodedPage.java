package krnel.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One data page, decoded: its levels and its values in PLAIN layout. Owns the buffers it was
 * decoded in, so that pages of a column can be decoded ahead on other threads and the buffers
 * reused once the page has been consumed.
 */
final class DecodedPage {
  int count;

  /** Repetition levels, when there are lists in lists; see {@link #rowStarts} otherwise. */
  int[] rep = new int[0];

  /** Definition levels, unless {@link #allPresent}. */
  int[] def = new int[0];

  PlainValues values;

  /**
   * Whether every entry is a value (no nulls, no empty lists): the reader then skips its checks.
   */
  boolean allPresent;

  /**
   * For columns with one level of lists ({@code maxRep == 1}): where each row starts, found by the
   * decoding thread so that the assembling thread does not scan repetition levels.
   */
  int[] rowStarts = new int[0];

  int rowStartCount;

  ByteBuffer compressed = ByteBuffer.allocateDirect(1 << 16);
  ByteBuffer decompressed;
  ByteBuffer plain = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
  int[] indices = new int[0];

  /** Scratch for BYTE_STREAM_SPLIT pages, made on first use. */
  ByteStreamSplit split;

  /**
   * {@code buffer} when it holds {@code size} bytes, else a bigger one; cleared to {@code size}.
   */
  static ByteBuffer capacity(ByteBuffer buffer, int size) {
    if (buffer == null || buffer.capacity() < size) {
      buffer =
          ByteBuffer.allocateDirect(Math.max(size, buffer == null ? 0 : buffer.capacity() * 2))
              .order(ByteOrder.LITTLE_ENDIAN);
    }
    buffer.clear().limit(size);
    return buffer;
  }
}
