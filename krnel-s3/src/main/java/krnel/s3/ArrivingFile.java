package krnel.s3;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only view of a file that a download is still writing, front to back, after its last
 * {@code size - tailStart} bytes (written before this view is made): a positional read waits until
 * the bytes it asks for have arrived, and fails once the download has failed. So a Parquet reader
 * can decode a result's first pages while its last ones are still on the wire. Closing the view
 * closes only its own read channel, never the download's.
 */
final class ArrivingFile extends FileChannel {
  private final FileChannel file;
  private final long size;
  private final long tailStart;
  private long arrived; // guarded by this: bytes [0, arrived) are written
  private IOException failure; // guarded by this

  ArrivingFile(Path path, long size, long tailStart) throws IOException {
    this.file = FileChannel.open(path, StandardOpenOption.READ);
    this.size = size;
    this.tailStart = tailStart;
  }

  /** The download has written every byte before {@code end}. */
  synchronized void arrived(long end) {
    arrived = end;
    notifyAll();
  }

  /** The download stopped: reads of bytes that have not arrived fail with {@code cause}. */
  synchronized void failed(IOException cause) {
    failure = cause;
    notifyAll();
  }

  private synchronized void await(long end) throws IOException {
    while (arrived < end) {
      if (failure != null) {
        throw new IOException(failure.getMessage(), failure);
      }
      if (!isOpen()) {
        throw new ClosedChannelException();
      }
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the download");
      }
    }
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    if (position >= size) {
      return -1;
    }
    if (position < tailStart) { // bytes from tailStart on are there from the start
      await(Math.min(size, Math.min(position + dst.remaining(), tailStart)));
    }
    return file.read(dst, position);
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  protected void implCloseChannel() throws IOException {
    file.close();
    synchronized (this) {
      notifyAll(); // a reader waiting on another thread gives up
    }
  }

  // Only positional reads and size() are what ParquetResultReader uses; the rest is refused.

  @Override
  public int read(ByteBuffer dst) {
    throw new UnsupportedOperationException("positional reads only");
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) {
    throw new UnsupportedOperationException("positional reads only");
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) {
    throw new NonWritableChannelException();
  }

  @Override
  public int write(ByteBuffer src, long position) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() {
    throw new UnsupportedOperationException("positional reads only");
  }

  @Override
  public FileChannel position(long newPosition) {
    throw new UnsupportedOperationException("positional reads only");
  }

  @Override
  public FileChannel truncate(long newSize) {
    throw new NonWritableChannelException();
  }

  @Override
  public void force(boolean metaData) {}

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) {
    throw new UnsupportedOperationException("positional reads only");
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) {
    throw new NonWritableChannelException();
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) {
    throw new UnsupportedOperationException("a file still downloading cannot be mapped");
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) {
    throw new UnsupportedOperationException("a file still downloading cannot be locked");
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) {
    throw new UnsupportedOperationException("a file still downloading cannot be locked");
  }
}
