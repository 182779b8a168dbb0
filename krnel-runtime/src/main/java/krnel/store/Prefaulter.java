package krnel.store;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Spreads the kernel's first-touch page faults of a fresh Arrow buffer over the decoding threads.
 * A result read whole is new memory, and the kernel maps and zeroes each 4 KiB page the first time
 * it is written: 75,000 faults for 307 MB, which profiled at about half of the reading thread's
 * time, on that one thread. Here each decoded page also touches the next megabyte or so of the
 * target, a little ahead of where the assembling thread will copy it.
 *
 * <p>The buffer is cut into units that are claimed, in order, by exactly one thread: a decoding
 * thread that claims a unit touches it; the assembling thread, before it writes a range, claims the
 * units of that range nobody has claimed (and touches nothing) and waits for the units claimed by a
 * decoding thread to be done. So no unit is written by two threads at once, and once {@link
 * #finish} has returned no decoding thread writes to the buffer any more.
 */
final class Prefaulter {
  private static final int UNIT = 1 << 20;
  private static final int PAGE = 4096;
  /** How far past the decoded pages the touching runs. */
  private static final long LEAD = 2L * UNIT;

  private final long address;
  private final long length;
  private final int units;
  private final AtomicInteger nextUnit = new AtomicInteger();
  private final AtomicIntegerArray done;
  private final AtomicLong decoded = new AtomicLong();
  /** The assembling thread's own: bytes from the start known to be safe to write. */
  private long readyUpTo;

  Prefaulter(long address, long length) {
    this.address = address;
    this.length = length;
    this.units = (int) ((length + UNIT - 1) / UNIT);
    this.done = new AtomicIntegerArray(units);
  }

  /** On a decoding thread, after it decoded {@code bytes} of values: touches the units they need. */
  void decoded(long bytes) {
    long target = decoded.addAndGet(bytes) + LEAD;
    while ((long) nextUnit.get() * UNIT < target) {
      int unit = nextUnit.getAndIncrement();
      if (unit >= units) {
        return;
      }
      long from = (long) unit * UNIT;
      long to = Math.min(length, from + UNIT);
      for (long at = from; at < to; at += PAGE) {
        MemoryUtil.putByte(address + at, (byte) 0);
      }
      done.set(unit, 1);
    }
  }

  /** On the assembling thread, before it writes below byte {@code end}. */
  void ready(long end) {
    if (end <= readyUpTo) {
      return;
    }
    int last = (int) ((Math.min(end, length) - 1) / UNIT);
    for (int unit = (int) (readyUpTo / UNIT); unit <= last; unit++) {
      claimOrWait(unit);
    }
    readyUpTo = Math.min(length, (long) (last + 1) * UNIT);
  }

  private void claimOrWait(int unit) {
    // every unit before this one is done, so nextUnit is at least unit
    if (nextUnit.compareAndSet(unit, unit + 1)) {
      done.set(unit, 1); // the caller's own writes fault it in
      return;
    }
    while (done.get(unit) == 0) {
      Thread.yield(); // a decoding thread is touching it: a fraction of a millisecond
    }
  }

  /** The batch is complete (or failed): claims what is left and waits for units being touched. */
  void finish() {
    int first = nextUnit.getAndSet(units);
    for (int unit = 0; unit < Math.min(first, units); unit++) {
      while (done.get(unit) == 0) {
        Thread.yield();
      }
    }
    readyUpTo = length;
  }
}
