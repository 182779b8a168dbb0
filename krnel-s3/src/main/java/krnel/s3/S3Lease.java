package krnel.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import krnel.runner.Store;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One runner's claim on an op: a lease object created with {@code If-None-Match: *} (so exactly one
 * creator wins), holding its holder and length, renewed with {@code If-Match} on its ETag while the
 * op computes, taken over with {@code If-Match} once it has expired (its holder was killed), and
 * deleted with {@code If-Match} at the end. Expiry is judged in the server's time (the lease's
 * {@code Last-Modified} against the response's {@code Date}), so the runners' clocks need not agree.
 */
final class S3Lease implements Store.Lock {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final Duration length;
  private final byte[] body;
  private final ScheduledFuture<?> renewal;
  private volatile String etag;
  private volatile boolean lost;
  private boolean closed;
  private volatile long lastRenewedNanos = System.nanoTime();

  private S3Lease(S3Client s3, String bucket, String key, Duration length, byte[] body, String etag,
      ScheduledExecutorService scheduler) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.length = length;
    this.body = body;
    this.etag = etag;
    long every = Math.max(100, length.toMillis() / 3);
    this.renewal = scheduler.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
  }

  /** Waits until this process holds the lease at {@code key}. */
  static S3Lease acquire(S3Client s3, String bucket, String key, Duration length, String holder,
      ScheduledExecutorService scheduler) throws InterruptedException {
    long poll = Math.max(100, Math.min(1000, length.toMillis() / 10));
    while (true) {
      Optional<S3Lease> lease = tryAcquire(s3, bucket, key, length, holder, scheduler);
      if (lease.isPresent()) {
        return lease.get();
      }
      Thread.sleep(poll); // held and alive: another runner computes the op
    }
  }

  /** The lease at {@code key} if it is free or expired now; empty if another runner holds it. */
  static Optional<S3Lease> tryAcquire(S3Client s3, String bucket, String key, Duration length, String holder,
      ScheduledExecutorService scheduler) {
    byte[] body = MAPPER.createObjectNode().put("holder", holder).put("lease_seconds", length.toSeconds())
        .put("acquired", Instant.now().toString()).toString().getBytes(StandardCharsets.UTF_8);
    Optional<String> created = put(s3, bucket, key, body, null);
    if (created.isPresent()) {
      return Optional.of(new S3Lease(s3, bucket, key, length, body, created.get(), scheduler));
    }
    Optional<Held> held = read(s3, bucket, key);
    if (held.isEmpty()) {
      return tryCreate(s3, bucket, key, length, body, scheduler); // released meanwhile
    }
    if (held.get().expired()) {
      Optional<String> taken = put(s3, bucket, key, body, held.get().etag);
      if (taken.isPresent()) {
        System.err.println("warning: took over the expired lease " + key + " of " + held.get().holder
            + " (a runner that stopped renewing it, e.g. killed)");
        return Optional.of(new S3Lease(s3, bucket, key, length, body, taken.get(), scheduler));
      }
    }
    return Optional.empty();
  }

  private static Optional<S3Lease> tryCreate(S3Client s3, String bucket, String key, Duration length, byte[] body,
      ScheduledExecutorService scheduler) {
    return put(s3, bucket, key, body, null).map(etag -> new S3Lease(s3, bucket, key, length, body, etag, scheduler));
  }

  /**
   * PUT with If-None-Match: * (ifMatch null) or If-Match; the new ETag, or empty when the condition failed
   * for another writer's object. The store's done is created through here too.
   */
  static Optional<String> put(S3Client s3, String bucket, String key, byte[] body, String ifMatch) {
    try {
      return Optional.of(s3.putObject(r -> {
        r.bucket(bucket).key(key).contentType("application/json");
        if (ifMatch == null) {
          r.ifNoneMatch("*");
        } else {
          r.ifMatch(ifMatch);
        }
      }, RequestBody.fromBytes(body)).eTag());
    } catch (S3Exception e) {
      if (conditionFailed(e)) {
        // an earlier attempt of this very put may have been written and its response lost (the SDK then
        // retries, and the retry's condition fails): the body names its holder, so it is ours if it is there
        return holds(s3, bucket, key, body);
      }
      throw e;
    }
  }

  /** The ETag of the object at {@code key} if it holds exactly {@code body}; empty if not (or it is gone). */
  private static Optional<String> holds(S3Client s3, String bucket, String key, byte[] body) {
    try {
      ResponseBytes<GetObjectResponse> stored = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key));
      return java.util.Arrays.equals(stored.asByteArray(), body) ? Optional.of(stored.response().eTag()) : Optional.empty();
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  /**
   * 412 Precondition Failed; 409 ConditionalRequestConflict when two conditional writes race;
   * NoSuchKey for If-Match on a key that is gone.
   */
  static boolean conditionFailed(S3Exception e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return e.statusCode() == 412 || e.statusCode() == 409 || e instanceof NoSuchKeyException || "NoSuchKey".equals(code);
  }

  private record Held(String etag, String holder, boolean expired) {}

  private static Optional<Held> read(S3Client s3, String bucket, String key) {
    ResponseBytes<GetObjectResponse> bytes;
    try {
      bytes = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key));
    } catch (NoSuchKeyException e) {
      return Optional.empty(); // released meanwhile
    }
    GetObjectResponse response = bytes.response();
    String holder = "an unknown holder";
    long seconds = 60;
    try {
      JsonNode json = MAPPER.readTree(bytes.asByteArray());
      holder = json.path("holder").asText(holder);
      seconds = json.path("lease_seconds").asLong(seconds);
    } catch (IOException e) {
      // unreadable lease: judged by its age with the default length
    }
    Instant now = response.sdkHttpResponse().firstMatchingHeader("Date").map(S3Lease::httpDate).orElse(Instant.now());
    Instant modified = response.lastModified() == null ? now : response.lastModified();
    // Last-Modified and Date have one-second resolution: a lease counts as expired one second late
    boolean expired = now.isAfter(modified.plusSeconds(seconds + 1));
    return Optional.of(new Held(response.eTag(), holder, expired));
  }

  private static Instant httpDate(String date) {
    try {
      return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return Instant.now(); // an odd Date header: this machine's clock instead
    }
  }

  /** Synchronized with {@link #close}: a renewal never recreates a lease that was just deleted. */
  private synchronized void renew() {
    if (lost || closed) {
      return;
    }
    try {
      Optional<String> renewed = put(s3, bucket, key, body, etag);
      if (renewed.isPresent()) {
        etag = renewed.get();
        lastRenewedNanos = System.nanoTime();
      } else {
        lost = true;
        System.err.println("warning: lost the lease " + key + ": another runner took it over (this one stopped renewing"
            + " it for longer than " + length.toSeconds() + " s); its result may be computed twice");
      }
    } catch (SdkException e) {
      if (System.nanoTime() - lastRenewedNanos > length.toNanos()) {
        lost = true;
        System.err.println("warning: could not renew the lease " + key + " for " + length.toSeconds() + " s: "
            + S3Errors.oneLine(String.valueOf(e.getMessage())));
      }
    }
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    renewal.cancel(false);
    if (lost) {
      return;
    }
    try {
      s3.deleteObject(r -> r.bucket(bucket).key(key).ifMatch(etag));
    } catch (S3Exception e) {
      if (!conditionFailed(e)) {
        throw new IOException("Cannot release the lease " + key + ": " + S3Errors.oneLine(String.valueOf(e.getMessage())), e);
      }
    } catch (SdkException e) {
      // the lease expires by itself; another runner takes it over then
      System.err.println("warning: could not release the lease " + key + " (it expires in " + length.toSeconds() + " s): "
          + S3Errors.oneLine(String.valueOf(e.getMessage())));
    }
  }
}
