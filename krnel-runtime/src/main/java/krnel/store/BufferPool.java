package krnel.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Direct buffers for pages in flight between the writer thread and the compression threads, kept
 * for reuse: pages are about a megabyte each, and allocating direct memory per page would make the
 * garbage collector, not the codec, the limit.
 */
final class BufferPool {
  private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
  private final int maxFree;

  BufferPool(int maxFree) {
    this.maxFree = maxFree;
  }

  /** The smallest free buffer of at least {@code capacity} bytes, so that a page's levels do not take a page's buffer. */
  synchronized ByteBuffer take(int capacity) {
    ByteBuffer best = null;
    for (ByteBuffer buffer : free) {
      if (buffer.capacity() >= capacity && (best == null || buffer.capacity() < best.capacity())) {
        best = buffer;
      }
    }
    if (best != null) {
      for (Iterator<ByteBuffer> it = free.iterator(); it.hasNext(); ) {
        if (it.next() == best) { // by identity: ByteBuffer.equals compares contents
          it.remove();
          break;
        }
      }
      best.clear();
      return best;
    }
    int size = Math.max(capacity, 4096);
    return ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  synchronized void give(ByteBuffer buffer) {
    if (buffer.isDirect() && free.size() < maxFree) {
      free.push(buffer);
    }
  }
}
