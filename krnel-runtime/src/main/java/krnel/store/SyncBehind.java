package krnel.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Forces a file's bytes to disk on a thread of its own while the writer goes on, every {@link
 * #EVERY} bytes, so that the store's final {@code fsync} finds little left to write. Without it
 * the kernel starts no writeback for a few hundred megabytes until that {@code fsync}, and the disk
 * then works alone after the codec: with it the two overlap. A force still running when the next
 * one is due is not doubled; the next one is simply later.
 */
final class SyncBehind implements AutoCloseable {
  static final long EVERY = 32L << 20;

  private final FileChannel channel;
  private ExecutorService thread;
  private Future<?> inFlight;
  private long unsynced;

  SyncBehind(FileChannel channel) {
    this.channel = channel;
  }

  /** Counts {@code bytes} just written, starting a force when enough are pending. */
  void wrote(long bytes) throws IOException {
    unsynced += bytes;
    if (unsynced < EVERY || (inFlight != null && !inFlight.isDone())) {
      return;
    }
    await();
    unsynced = 0;
    if (thread == null) {
      thread =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "krnel-parquet-sync");
                t.setDaemon(true);
                return t;
              });
    }
    inFlight =
        thread.submit(
            () -> {
              channel.force(false);
              return null;
            });
  }

  /** Waits for the force in flight, if any, and rethrows what it failed with. */
  void await() throws IOException {
    if (inFlight == null) {
      return;
    }
    Future<?> last = inFlight;
    inFlight = null;
    try {
      last.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while forcing the file to disk");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof IOException io
          ? io
          : new IOException("forcing the file to disk failed: " + cause, cause);
    }
  }

  /** Stops the thread; waits for a force in flight so that it never sees a closed channel. */
  @Override
  public void close() {
    if (thread == null) {
      return;
    }
    thread.shutdown();
    try {
      while (!thread.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
        // a force on a slow disk: keep waiting, the channel must outlive it
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
