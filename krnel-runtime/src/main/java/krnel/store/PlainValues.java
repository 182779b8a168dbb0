package krnel.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The values of one data page in PLAIN layout, consumed in order. Every other encoding (dictionary,
 * RLE booleans, byte stream split, delta) is first rewritten into this layout by {@link
 * PageDecoder}, so that only this class hands values to Arrow vectors.
 */
final class PlainValues {
  private final ByteBuffer data;
  private long bitIndex;

  PlainValues(ByteBuffer data) {
    this.data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * The next {@code count} fixed-width values, {@code width} bytes each, as a little-endian view.
   */
  ByteBuffer fixed(int count, int width) {
    int length = Math.multiplyExact(count, width);
    int position = data.position();
    if (data.remaining() < length) {
      throw new IllegalStateException(
          "page ends after " + data.remaining() / width + " values, " + count + " expected");
    }
    ByteBuffer view = data.slice(position, length).order(ByteOrder.LITTLE_ENDIAN);
    data.position(position + length);
    return view;
  }

  boolean nextBoolean() {
    long index = bitIndex++;
    int b = data.get((int) (index >>> 3));
    return ((b >>> (index & 7)) & 1) != 0;
  }

  /** The next BYTE_ARRAY value, as a view of the page. */
  ByteBuffer nextBinary() {
    int length = data.getInt();
    int position = data.position();
    if (length < 0 || data.remaining() < length) {
      throw new IllegalStateException("a byte array of length " + length + " overruns its page");
    }
    ByteBuffer view = data.slice(position, length);
    data.position(position + length);
    return view;
  }
}
