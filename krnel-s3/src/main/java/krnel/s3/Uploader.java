package krnel.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
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
 * Uploads a local file as one object, hashing it on the way: one PUT streamed from the file up to
 * a threshold, else a multipart upload whose parts are read in order (for the sha256) and sent a
 * few at a time. Either way the memory used is a few parts at most, whatever the file's size. A failed multipart upload is aborted, so it
 * leaves nothing behind (and never an object).
 */
final class Uploader {
  /** What was uploaded: what {@code done} records. */
  record Uploaded(long size, String sha256, String etag) {}

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
    MessageDigest sha256 = sha256();
    if (size <= threshold) {
      // The SDK may read the body more than once (to sign it, on a retry): each read starts the hash
      // afresh, and the last one, which sent the object, is what the hash describes.
      ContentStreamProvider hashing = () -> {
        sha256.reset();
        try {
          return new DigestInputStream(Files.newInputStream(file), sha256);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };
      String etag = s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType),
          RequestBody.fromContentProvider(hashing, size, contentType)).eTag();
      return new Uploaded(size, HexFormat.of().formatHex(sha256.digest()), etag);
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
          sha256.update(part);
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
      return new Uploaded(size, HexFormat.of().formatHex(sha256.digest()), etag);
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

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
