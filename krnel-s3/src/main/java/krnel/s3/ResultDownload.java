package krnel.s3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Downloads a Parquet result into a local file on a pool thread while the caller decodes it
 * through {@link #channel()}. A Parquet reader needs the footer, at the file's end, first: so the
 * last bytes come first, with a ranged GET, and then everything before them, front to back, with a
 * second ranged GET made {@code If-Match} the first one's ETag, so that both parts are of one
 * object. The bytes are checksummed as they pass, in file order; {@link #finish()} says what came.
 */
final class ResultDownload implements AutoCloseable {
  /** The last bytes fetched first: the footer of a result with a few row groups fits easily. */
  static final int TAIL = 1 << 16;

  /** What was downloaded, for the checks against done. */
  record Downloaded(long size, ResultChecksum checksum, String etag) {}

  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final Path file;
  private final long tailStart;
  private final byte[] tail;
  private final String etag;
  private final ResultChecksum checksum;
  private final ArrivingFile channel;
  private final Future<Downloaded> rest;
  private volatile ResponseInputStream<GetObjectResponse> body;
  private volatile boolean cancelled;

  private ResultDownload(S3Client s3, String bucket, String key, Path file, long size, byte[] tail, String etag,
      ResultChecksum checksum, ExecutorService pool) throws IOException {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.file = file;
    this.tailStart = size - tail.length;
    this.tail = tail;
    this.etag = etag;
    this.checksum = checksum;
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap(tail);
      while (bytes.hasRemaining()) {
        out.write(bytes, tailStart + bytes.position());
      }
    }
    this.channel = new ArrivingFile(file, size, tailStart);
    this.rest = pool.submit(this::downloadRest);
  }

  /**
   * Starts downloading the {@code size} bytes of {@code key} into {@code file} (which must not
   * exist), checksummed as {@code done} records; empty if the server ignores ranges, so that the
   * caller downloads the whole object instead.
   *
   * @throws software.amazon.awssdk.core.exception.SdkException as the first GET fails
   */
  static Optional<ResultDownload> start(S3Client s3, String bucket, String key, long size, DoneRecord done, Path file,
      ExecutorService pool) throws IOException {
    long length = Math.min(size, TAIL);
    Optional<ResponseBytes<GetObjectResponse>> last = range(s3, bucket, key, size, length);
    if (last.isEmpty()) {
      return Optional.empty();
    }
    byte[] tail = last.get().asByteArray();
    if (tail.length >= 8) {
      // Parquet ends with the footer's length and PAR1: a footer longer than the tail is fetched whole
      long footer = ByteBuffer.wrap(tail, tail.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
      if (footer + 8 > tail.length && footer + 12 <= size) {
        last = range(s3, bucket, key, size, footer + 8);
        if (last.isEmpty()) {
          return Optional.empty();
        }
        tail = last.get().asByteArray();
      }
    }
    return Optional.of(new ResultDownload(s3, bucket, key, file, size, tail, last.get().response().eTag(),
        ResultChecksum.of(done), pool));
  }

  /** The last {@code length} of the {@code size} bytes of {@code key}; empty if the server sent something else. */
  private static Optional<ResponseBytes<GetObjectResponse>> range(S3Client s3, String bucket, String key, long size,
      long length) {
    ResponseBytes<GetObjectResponse> bytes;
    try {
      bytes = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key).range("bytes=" + (size - length) + "-" + (size - 1)));
    } catch (S3Exception e) {
      if (e.statusCode() == 416) {
        return Optional.empty(); // the object is shorter than done says: the whole download reports it
      }
      throw e;
    }
    String range = bytes.response().contentRange();
    boolean asked = range != null && range.startsWith("bytes " + (size - length) + "-" + (size - 1) + "/" + size);
    return asked && bytes.asByteArray().length == length ? Optional.of(bytes) : Optional.empty();
  }

  /** The file as it arrives, for one reader, who closes it. */
  ArrivingFile channel() {
    return channel;
  }

  private Downloaded downloadRest() throws IOException {
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
      long at = 0;
      if (tailStart > 0) {
        try (ResponseInputStream<GetObjectResponse> in =
            s3.getObject(r -> r.bucket(bucket).key(key).range("bytes=0-" + (tailStart - 1)).ifMatch(etag))) {
          body = in;
          byte[] buffer = new byte[1 << 20];
          for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; ) {
            if (cancelled) {
              throw new IOException("the download of " + key + " was cancelled");
            }
            if (at + n > tailStart) {
              throw new IOException("the server sent more than the " + tailStart + " bytes asked for of " + key);
            }
            checksum.update(buffer, 0, n);
            ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
            while (bytes.hasRemaining()) {
              at += out.write(bytes, at);
            }
            channel.arrived(at);
          }
        }
      }
      if (at != tailStart) {
        throw new IOException("the connection closed after " + at + " of the " + (tailStart + tail.length)
            + " bytes of " + key + " (the server stopped or the network went); read it again");
      }
      checksum.update(tail, 0, tail.length);
      return new Downloaded(tailStart + tail.length, checksum, etag);
    } catch (IOException | RuntimeException e) {
      channel.failed(e instanceof IOException io ? io : new IOException(e.getMessage(), e));
      throw e;
    }
  }

  /**
   * Waits for the download's end: what came, or the download's failure (an {@link IOException} or
   * the SDK's {@link software.amazon.awssdk.core.exception.SdkException}).
   */
  Downloaded finish() throws IOException {
    try {
      return rest.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel();
      throw new java.io.InterruptedIOException("interrupted while downloading " + key);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(cause);
    }
  }

  private void cancel() {
    cancelled = true;
    ResponseInputStream<GetObjectResponse> in = body;
    if (in != null) {
      in.abort(); // a read blocked on the socket ends now
    }
  }

  /** Stops a download still running and waits for its thread to let go of the file. */
  @Override
  public void close() throws IOException {
    if (!rest.isDone()) {
      cancel();
    }
    try {
      rest.get();
    } catch (ExecutionException e) {
      // reported by finish(), or the caller has another error to report
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.CancellationException e) {
      // never started
    } finally {
      channel.close();
    }
  }
}
