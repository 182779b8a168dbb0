package krnel.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.memory.ArrowBuf;

/**
 * A growable off-heap little-endian byte buffer that a page is built in, reused from page to page.
 * Off-heap so that Arrow buffers copy into it and zstd compresses out of it without a trip through
 * the Java heap. Also packs booleans LSB first, as PLAIN booleans and bit-packed runs require.
 */
final class PageBuffer {
  private ByteBuffer buf;
  private int bits;
  private int bitCount;

  PageBuffer(int initialCapacity) {
    buf = ByteBuffer.allocateDirect(Math.max(64, initialCapacity)).order(ByteOrder.LITTLE_ENDIAN);
  }

  int size() {
    return buf.position() + (bitCount + 7) / 8;
  }

  void clear() {
    buf.clear();
    bits = 0;
    bitCount = 0;
  }

  void ensure(int extra) {
    if (buf.remaining() >= extra) {
      return;
    }
    long needed = (long) buf.position() + extra;
    if (needed > Integer.MAX_VALUE - 64) {
      throw new IllegalStateException("a Parquet page cannot hold more than 2 GiB");
    }
    int capacity = (int) Math.min(Integer.MAX_VALUE - 64, Math.max(needed, 2L * buf.capacity()));
    ByteBuffer bigger = ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN);
    buf.flip();
    bigger.put(buf);
    buf = bigger;
  }

  void putByte(int value) {
    ensure(1);
    buf.put((byte) value);
  }

  void putInt(int value) {
    ensure(4);
    buf.putInt(value);
  }

  /** Writes {@code value} as an unsigned LEB128 varint. */
  void putVarint(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      buf.put((byte) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    buf.put((byte) value);
  }

  void put(ArrowBuf src, long srcIndex, int length) {
    ensure(length);
    int position = buf.position();
    ByteBuffer window = buf.duplicate();
    window.limit(position + length);
    src.getBytes(srcIndex, window);
    buf.position(position + length);
  }

  void put(ByteBuffer src) {
    ensure(src.remaining());
    buf.put(src);
  }

  /** Appends one bit, least significant bit first; {@link #flushBits} pads the last byte. */
  void putBit(boolean value) {
    if (value) {
      bits |= 1 << bitCount;
    }
    if (++bitCount == 8) {
      putByte(bits);
      bits = 0;
      bitCount = 0;
    }
  }

  void flushBits() {
    if (bitCount > 0) {
      putByte(bits);
      bits = 0;
      bitCount = 0;
    }
  }

  int capacity() {
    return buf.capacity();
  }

  /**
   * The bytes written so far, in the buffer that holds them, which the caller now owns; this buffer
   * goes on, empty, in {@code replacement} (a direct buffer).
   */
  ByteBuffer handOff(ByteBuffer replacement) {
    flushBits();
    ByteBuffer written = buf.flip();
    buf = replacement.clear().order(ByteOrder.LITTLE_ENDIAN);
    return written;
  }

  /** A read-only view of the bytes written so far; valid until the next write. */
  ByteBuffer contents() {
    flushBits();
    ByteBuffer view = buf.duplicate();
    view.flip();
    return view;
  }
}
