package krnel.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Uploads a local file as one object, computing its CRC32C on the way: one PUT streamed from the file up to
 * a threshold, else a multipart upload whose parts are read in order (for the checksum) and sent a
 * few at a time. Either way the memory used is a few parts at most, whatever the file's size. A failed multipart upload is aborted, so it
 * leaves nothing behind (and never an object).
 */
final class Uploader {
  /** What was uploaded: what {@code done} records. */
  record Uploaded(long size, String crc32c, String etag) {}

  private final S3Client s3;
  private final long threshold;
  private final long partSize;
  private final int inFlight;
  private final ExecutorService pool;

  Uploader(S3Client s3, long threshold, long partSize, int inFlight, ExecutorService pool) {
    this.s3 = s3;
    this.threshold = threshold;
    this.partSize = partSize;
    this.inFlight = inFlight;
    this.pool = pool;
  }

  Uploaded upload(String bucket, String key, Path file, String contentType) throws IOException, InterruptedException {
    long size = Files.size(file);
    ResultChecksum checksum = ResultChecksum.crc32c();
    if (size <= threshold) {
      // The SDK may read the body more than once (to sign it, on a retry): each read starts the
      // checksum afresh, and the last one, which sent the object, is what the checksum describes.
      ContentStreamProvider hashing = () -> {
        checksum.reset();
        try {
          return new ChecksummedInputStream(Files.newInputStream(file), checksum);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };
      String etag = s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType),
          RequestBody.fromContentProvider(hashing, size, contentType)).eTag();
      return new Uploaded(size, checksum.hex(), etag);
    }
    String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key).contentType(contentType)).uploadId();
    try {
      List<Future<CompletedPart>> parts = new ArrayList<>();
      Semaphore buffers = new Semaphore(inFlight); // bounds the memory: inFlight parts at once
      try (InputStream in = Files.newInputStream(file)) {
        for (int number = 1; ; number++) {
          buffers.acquire();
          byte[] part = in.readNBytes((int) Math.min(partSize, Integer.MAX_VALUE - 16));
          if (part.length == 0) {
            buffers.release();
            break;
          }
          checksum.update(part, 0, part.length);
          int partNumber = number;
          parts.add(pool.submit(() -> {
            try {
              String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber),
                  RequestBody.fromContentProvider(ContentStreamProvider.fromByteArrayUnsafe(part), part.length,
                      "application/octet-stream")).eTag();
              return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
            } finally {
              buffers.release();
            }
          }));
          if (part.length < partSize) {
            break;
          }
        }
      }
      List<CompletedPart> completed = new ArrayList<>();
      for (Future<CompletedPart> part : parts) {
        completed.add(get(part));
      }
      String etag = s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
          .multipartUpload(m -> m.parts(completed))).eTag();
      return new Uploaded(size, checksum.hex(), etag);
    } catch (IOException | InterruptedException | RuntimeException e) {
      abort(bucket, key, uploadId, e);
      throw e;
    }
  }

  private void abort(String bucket, String key, String uploadId, Exception failure) {
    try {
      s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
    } catch (SdkException e) {
      failure.addSuppressed(e); // the server (or its lifecycle rules) drops the parts later
    }
  }

  private static CompletedPart get(Future<CompletedPart> part) throws IOException, InterruptedException {
    try {
      return part.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new IOException(cause);
    }
  }

  /** Feeds what is read through it to a checksum. */
  private static final class ChecksummedInputStream extends java.io.FilterInputStream {
    private final ResultChecksum checksum;

    ChecksummedInputStream(InputStream in, ResultChecksum checksum) {
      super(in);
      this.checksum = checksum;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        checksum.update(new byte[] {(byte) b}, 0, 1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        checksum.update(b, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] skipped = new byte[(int) Math.min(Math.max(n, 0), 8192)];
      int read = skipped.length == 0 ? 0 : read(skipped, 0, skipped.length); // skipped bytes are still checksummed
      return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
      return false; // a reset would checksum bytes twice
    }
  }
}
