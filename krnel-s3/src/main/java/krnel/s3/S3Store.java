package krnel.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import krnel.graph.OpSpec;
import krnel.runner.OpState;
import krnel.runner.OpStatus;
import krnel.runner.Result;
import krnel.runner.Store;
import krnel.store.ParquetResultWriter;
import krnel.store.ParquetResults;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A store in an S3 bucket (AWS, or any S3-compatible server), in the reference's layout
 * {@code <prefix>/<WireName>/<sha256>/{status.json, result.parquet | result.json, done}}, so that
 * krnel-graph with s3fs reads what this writes and the other way round.
 *
 * <p>A result is complete once {@code done} exists: it is created with {@code If-None-Match: *}
 * after the result object is fully uploaded, and records the result's size, CRC32C and ETag. A
 * reader checks them (size and ETag on every look, the checksum on every download), says so when they
 * fail, and treats that result as missing. A {@code done} written by Python ({@code "done"}) is
 * accepted. Ops are locked with leases ({@link S3Lease}). Results and completed statuses are read
 * through a local cache ({@link ReadCache}).
 */
public final class S3Store implements Store {
  static final String STATUS = "status.json";
  static final String PARQUET = "result.parquet";
  static final String JSON = "result.json";
  static final String DONE = "done";
  static final String LEASE = ".lease";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /**
   * Parquet results from this size on are decoded while they download ({@link ResultDownload}):
   * below it the extra ranged GET for the footer costs more than the overlap saves.
   */
  static final long DECODE_WHILE_DOWNLOADING = 8L << 20;

  private final S3Location location;
  private final S3Settings settings;
  private final S3Client s3;
  private final ReadCache cache;
  private final ExecutorService uploads;
  private final ExecutorService downloads;
  private final ScheduledExecutorService renewals;
  private final String writer;
  /** Results found not to match their done in this process: missing until written again. */
  private final Set<String> broken = ConcurrentHashMap.newKeySet();
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  S3Store(S3Location location, S3Settings settings, S3Client s3) {
    this.location = location;
    this.settings = settings;
    this.s3 = s3;
    this.cache = new ReadCache(settings.cacheDir(), location);
    this.uploads = Executors.newFixedThreadPool(settings.uploadThreads(), daemon("krnel-s3-upload"));
    this.downloads = Executors.newCachedThreadPool(daemon("krnel-s3-download"));
    this.renewals = Executors.newSingleThreadScheduledExecutor(daemon("krnel-s3-lease"));
    this.writer = "krnel-java " + user() + "@" + host() + " pid " + ProcessHandle.current().pid();
  }

  /**
   * Opens the store at {@code uri} with {@code settings}, checking that the bucket can be reached:
   * a one-line {@link S3StoreException} with a hint when it cannot.
   */
  public static S3Store open(String uri, S3Settings settings) {
    S3Location location = S3Location.parse(uri);
    return open(location, settings, settings.client(location));
  }

  /** {@link #open(String, S3Settings)} with a client the caller built (and this store closes). */
  static S3Store open(S3Location location, S3Settings settings, S3Client s3) {
    try {
      try {
        s3.headBucket(r -> r.bucket(location.bucket()));
      } catch (S3Exception e) {
        if (e.statusCode() != 403 && e.statusCode() != 400) {
          throw e;
        }
        // HEAD has no body, so a 403 does not say whether the credentials or the permissions are wrong: ask again
        s3.listObjectsV2(r -> r.bucket(location.bucket()).prefix(location.keyPrefix()).maxKeys(1));
      }
    } catch (SdkException e) {
      s3.close();
      throw new S3StoreException(S3Errors.message(e, location, settings, "checking the bucket"), e);
    }
    return new S3Store(location, settings, s3);
  }

  @Override
  public String uri() {
    return location.uri();
  }

  /** The local read cache's folder for this store. */
  public Path cacheRoot() {
    return cache.root();
  }

  S3Client client() {
    return s3;
  }

  String key(String uuid, String name) {
    String[] parts = Store.split(uuid);
    return location.key(parts[0] + "/" + parts[1] + "/" + name);
  }

  // ---------------------------------------------------------------- statuses

  @Override
  public Optional<OpStatus> readStatus(String uuid) throws IOException {
    Optional<String> cached = cache.status(uuid);
    if (cached.isPresent()) {
      try {
        return Optional.of(OpStatus.fromJson(cached.get()));
      } catch (RuntimeException e) {
        cache.removeStatus(uuid); // a damaged cache file: ask the store
      }
    }
    Optional<byte[]> bytes = get(key(uuid, STATUS), "reading the status of " + uuid);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    String text = new String(bytes.get(), StandardCharsets.UTF_8);
    OpStatus status;
    try {
      status = OpStatus.fromJson(text);
    } catch (RuntimeException e) {
      throw new IOException("The status " + key(uuid, STATUS) + " in " + uri() + " is unreadable: "
          + e.getMessage(), e);
    }
    if (settled(status)) {
      cache.putStatus(uuid, text);
    }
    return Optional.of(status);
  }

  /** Completed and ephemeral statuses are what the cache keeps, as the reference's LocalCachedRunner does. */
  private static boolean settled(OpStatus status) {
    return status.state() == OpState.COMPLETED || status.state() == OpState.EPHEMERAL;
  }

  @Override
  public void writeStatus(OpStatus status) throws IOException {
    String uuid = status.op().uuid();
    String json = status.toJson();
    put(key(uuid, STATUS), json.getBytes(StandardCharsets.UTF_8), "application/json", "writing the status of " + uuid);
    if (settled(status)) {
      cache.putStatus(uuid, json);
    } else {
      cache.removeStatus(uuid);
    }
  }

  @Override
  public List<String> uuids() throws IOException {
    List<String> uuids = new ArrayList<>();
    String prefix = location.keyPrefix();
    try {
      for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(location.bucket()).prefix(prefix)).contents()) {
        String[] parts = object.key().substring(prefix.length()).split("/");
        if (parts.length == 3 && parts[2].equals(STATUS)) {
          uuids.add(parts[0] + "_" + parts[1]);
        }
      }
    } catch (SdkException e) {
      throw S3Errors.describe(e, location, settings, "listing the store");
    }
    Collections.sort(uuids);
    return uuids;
  }

  // ---------------------------------------------------------------- results

  @Override
  public boolean hasResult(String uuid) throws IOException {
    return checkedDone(uuid).isPresent();
  }

  /**
   * The store's {@code done} of {@code uuid} with its raw bytes, if the result it completes is there
   * with the recorded size and ETag; else empty, with a warning when a done exists.
   */
  private Optional<Done> checkedDone(String uuid) throws IOException {
    if (broken.contains(uuid)) {
      return Optional.empty();
    }
    Optional<byte[]> bytes = get(key(uuid, DONE), "reading done of " + uuid);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    DoneRecord done = DoneRecord.parse(bytes.get());
    if (done.isPython()) {
      for (String file : List.of(PARQUET, JSON)) {
        Optional<HeadObjectResponse> head = head(key(uuid, file), "checking the result of " + uuid);
        if (head.isPresent()) {
          return Optional.of(new Done(bytes.get(), new DoneRecord(file, head.get().contentLength(), null, null,
              head.get().eTag(), done.writer())));
        }
      }
      warn(uuid, "is marked done (by krnel-graph) but holds neither " + PARQUET + " nor " + JSON);
      return Optional.empty();
    }
    if (cache.result(uuid, bytes.get(), done.file()).isPresent()) {
      return Optional.of(new Done(bytes.get(), done)); // verified when it was cached, against this very done
    }
    Optional<HeadObjectResponse> head = head(key(uuid, done.file()), "checking the result of " + uuid);
    if (head.isEmpty()) {
      warn(uuid, "is marked done but its " + done.file() + " is missing");
      return Optional.empty();
    }
    if (head.get().contentLength() != done.size() || (done.etag() != null && !done.etag().equals(head.get().eTag()))) {
      warn(uuid, "is marked done for a " + done.file() + " of " + done.size() + " bytes (ETag " + done.etag()
          + "), but the stored one has " + head.get().contentLength() + " bytes (ETag " + head.get().eTag()
          + "): it was replaced or damaged after done was written");
      return Optional.empty();
    }
    return Optional.of(new Done(bytes.get(), done));
  }

  private record Done(byte[] bytes, DoneRecord record) {}

  private void warn(String uuid, String problem) {
    if (!warned.add(uuid + " " + problem)) {
      return; // once per store and problem: hasResult is asked often
    }
    System.err.println("warning: " + uri() + ": the result of " + uuid + " " + problem + "; treated as missing");
  }

  @Override
  public void writeResult(OpSpec op, Result result) throws IOException {
    String uuid = op.uuid();
    String file = result instanceof Result.Json ? JSON : PARQUET;
    // a replaced result is incomplete until the new one is in
    delete(key(uuid, DONE), "removing the old done of " + uuid);
    cache.removeResult(uuid);
    Path temp = cache.temporary();
    try {
      if (result instanceof Result.Table) {
        ParquetResults.write(temp, ((Result.Table) result).root());
      } else if (result instanceof Result.Batches) {
        writeBatches(temp, (Result.Batches) result, op);
      } else {
        Files.write(temp, MAPPER.writeValueAsBytes(((Result.Json) result).document()));
      }
      Uploader.Uploaded uploaded;
      try {
        uploaded = new Uploader(s3, settings.multipartThreshold(), settings.partSize(), settings.uploadThreads(), uploads)
            .upload(location.bucket(), key(uuid, file), temp, file.equals(JSON) ? "application/json" : "application/vnd.apache.parquet");
      } catch (SdkException e) {
        throw S3Errors.describe(e, location, settings, "uploading the result of " + uuid);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while uploading the result of " + uuid, e);
      }
      delete(key(uuid, file.equals(JSON) ? PARQUET : JSON), "removing the other result format of " + uuid);
      byte[] done = new DoneRecord(file, uploaded.size(), null, uploaded.crc32c(), uploaded.etag(), writer).toBytes();
      createDone(uuid, done);
      broken.remove(uuid);
      cache.putResult(uuid, file, temp, done);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Creates done with If-None-Match: *, so that of two writers (one with a lost lease) one completes. */
  private void createDone(String uuid, byte[] done) throws IOException {
    try {
      if (S3Lease.put(s3, location.bucket(), key(uuid, DONE), done, null).isEmpty()) {
        throw new IOException(uri() + ": another runner marked " + uuid + " done while this one uploaded it (this"
            + " runner's lease had expired); the result stored now is checked against that done when read");
      }
    } catch (SdkException e) {
      throw S3Errors.describe(e, location, settings, "writing done of " + uuid);
    }
  }

  private static void writeBatches(Path file, Result.Batches batches, OpSpec op) throws IOException {
    try (ParquetResultWriter writer = ParquetResultWriter.open(file, batches.schema())) {
      batches.producer().produce(writer::write);
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("Producing the batches of " + op.uuid() + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Result readResult(OpSpec op, BufferAllocator allocator) throws IOException {
    String uuid = op.uuid();
    Done done = completeDone(uuid);
    String name = done.record().file();
    Optional<Path> cached = cache.result(uuid, done.bytes(), name);
    if (cached.isPresent()) {
      try {
        return read(cached.get(), allocator);
      } catch (NoSuchFileException e) {
        cache.removeResult(uuid); // the cache was deleted under us: download again
      }
    }
    if (name.equals(PARQUET) && done.record().size() >= DECODE_WHILE_DOWNLOADING) {
      Optional<Result> decoded = downloadDecoding(uuid, done, allocator);
      if (decoded.isPresent()) {
        return decoded.get();
      }
    }
    try {
      return read(download(uuid, done), allocator);
    } catch (NoSuchFileException e) {
      cache.removeResult(uuid); // deleted between the download and the read: once more
      return read(fetch(uuid), allocator);
    }
  }

  private static Result read(Path file, BufferAllocator allocator) throws IOException {
    if (file.getFileName().toString().equals(JSON)) {
      return Result.json(MAPPER.readTree(Files.readAllBytes(file)));
    }
    return Result.table(ParquetResults.read(file, allocator));
  }

  /** The done of a complete result of {@code uuid}, or an error saying there is none. */
  private Done completeDone(String uuid) throws IOException {
    return checkedDone(uuid).orElseThrow(() -> new IOException("No complete result for " + uuid + " in " + uri()));
  }

  /**
   * The local copy of {@code uuid}'s result: cached, or downloaded now and checked against done. A
   * download that fails the checks removes that done (conditionally), so the op is computed again.
   */
  Path fetch(String uuid) throws IOException {
    Done done = completeDone(uuid);
    Optional<Path> cached = cache.result(uuid, done.bytes(), done.record().file());
    return cached.isPresent() ? cached.get() : download(uuid, done);
  }

  /** Downloads the result that {@code done} completes into the cache, then checks it: one GET. */
  private Path download(String uuid, Done done) throws IOException {
    DoneRecord record = done.record();
    String name = record.file();
    Path temp = cache.temporary();
    try {
      long size;
      String etag;
      ResultChecksum checksum = ResultChecksum.of(record);
      try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(location.bucket()).key(key(uuid, name)));
          OutputStream out = Files.newOutputStream(temp)) {
        etag = in.response().eTag();
        size = copy(in, out, checksum);
      } catch (SdkException e) {
        throw downloadFailed(uuid, e);
      }
      String mismatch = checksum.mismatch(record, size, etag);
      if (mismatch != null) {
        throw rejected(uuid, done, mismatch);
      }
      return cache.putResult(uuid, name, temp, done.bytes());
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Downloads and decodes a Parquet result at once ({@link ResultDownload}): the decoded table is
   * returned, and the file cached, only once every byte has arrived and matched done; empty if the
   * server cannot send ranges.
   */
  private Optional<Result> downloadDecoding(String uuid, Done done, BufferAllocator allocator) throws IOException {
    DoneRecord record = done.record();
    Path temp = cache.temporary();
    try {
      Optional<ResultDownload> started;
      try {
        started = ResultDownload.start(s3, location.bucket(), key(uuid, PARQUET), record.size(), record, temp,
            downloads);
      } catch (SdkException e) {
        throw downloadFailed(uuid, e);
      }
      if (started.isEmpty()) {
        return Optional.empty();
      }
      try (ResultDownload download = started.get()) {
        VectorSchemaRoot table = null;
        Exception unreadable = null;
        try {
          table = ParquetResults.read(download.channel(), cache.path(uuid, PARQUET), allocator);
        } catch (IOException | RuntimeException e) {
          unreadable = e; // the download's own failure, if any, comes first: it is the cause
        }
        try {
          ResultDownload.Downloaded got;
          try {
            got = download.finish();
          } catch (IOException | SdkException e) {
            IOException failure = downloadFailed(uuid, e);
            if (unreadable != null) {
              failure.addSuppressed(unreadable);
            }
            throw failure;
          }
          String mismatch = got.checksum().mismatch(record, got.size(), got.etag());
          if (mismatch != null) {
            throw rejected(uuid, done, mismatch);
          }
          cache.putResult(uuid, PARQUET, temp, done.bytes());
          if (unreadable instanceof IOException io) {
            throw io; // stored so: the file is cached as the local store keeps it, and the error names it
          } else if (unreadable != null) {
            throw (RuntimeException) unreadable;
          }
          Result result = Result.table(table);
          table = null;
          return Optional.of(result);
        } finally {
          if (table != null) {
            table.close(); // never handed out unless every byte was checked
          }
        }
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private IOException downloadFailed(String uuid, Exception e) {
    if (e instanceof NoSuchKeyException) {
      return new IOException("The result of " + uuid + " disappeared from " + uri() + " while it was read", e);
    }
    if (e instanceof S3Exception s3e && s3e.statusCode() == 412) {
      return new IOException("The result of " + uuid + " in " + uri() + " was replaced while it was read; read it"
          + " again", e);
    }
    if (e instanceof SdkException sdk) {
      return S3Errors.describe(sdk, location, settings, "downloading the result of " + uuid);
    }
    if (e instanceof IOException io && io.getCause() instanceof SdkException sdk) {
      return downloadFailed(uuid, sdk);
    }
    return new IOException("Downloading the result of " + uuid + " from " + uri() + " failed: " + e.getMessage(), e);
  }

  /** Marks {@code uuid} missing after its download did not match done, and says so. */
  private IOException rejected(String uuid, Done done, String mismatch) {
    broken.add(uuid);
    removeDone(uuid, done.bytes());
    String problem = "does not match its done (downloaded " + done.record().file() + " has " + mismatch + ")";
    warn(uuid, problem);
    return new IOException("The stored result of " + uuid + " in " + uri() + " " + problem
        + "; its done was removed, so the next run computes it again");
  }

  /** Deletes done if it is still the one read (If-Match), so that a newer, good done is never removed. */
  private void removeDone(String uuid, byte[] doneBytes) {
    try {
      ResponseBytes<GetObjectResponse> now = s3.getObjectAsBytes(r -> r.bucket(location.bucket()).key(key(uuid, DONE)));
      if (java.util.Arrays.equals(now.asByteArray(), doneBytes)) {
        s3.deleteObject(r -> r.bucket(location.bucket()).key(key(uuid, DONE)).ifMatch(now.response().eTag()));
      }
    } catch (SdkException e) {
      // it stays missing in this process; another reader finds the mismatch itself
    }
  }

  private static long copy(InputStream in, OutputStream out, ResultChecksum checksum) throws IOException {
    byte[] buffer = new byte[1 << 20];
    long total = 0;
    for (int n; (n = in.read(buffer)) > 0; ) {
      checksum.update(buffer, 0, n);
      out.write(buffer, 0, n);
      total += n;
    }
    return total;
  }

  // ---------------------------------------------------------------- locks

  @Override
  public Lock lock(OpSpec op) throws IOException {
    String holder = writer + " " + UUID.randomUUID();
    try {
      return S3Lease.acquire(s3, location.bucket(), key(op.uuid(), LEASE), settings.leaseTime(), holder, renewals);
    } catch (SdkException e) {
      throw S3Errors.describe(e, location, settings, "taking the lease of " + op.uuid());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while waiting for the lease of " + op.uuid(), e);
    }
  }

  @Override
  public Optional<Lock> tryLock(OpSpec op) throws IOException {
    String holder = writer + " " + UUID.randomUUID();
    try {
      return S3Lease.tryAcquire(s3, location.bucket(), key(op.uuid(), LEASE), settings.leaseTime(), holder, renewals)
          .map(lease -> lease);
    } catch (SdkException e) {
      throw S3Errors.describe(e, location, settings, "taking the lease of " + op.uuid());
    }
  }

  /** Writes and deletes a probe object under the prefix: a read-only key or bucket fails here, once, up front. */
  @Override
  public void checkWritable() throws IOException {
    String probe = location.key(".krnel-write-check-" + UUID.randomUUID());
    put(probe, new byte[0], "application/octet-stream", "checking that the store is writable");
    delete(probe, "checking that the store is writable");
  }

  @Override
  public void close() {
    uploads.shutdownNow();
    downloads.shutdownNow();
    renewals.shutdownNow();
    s3.close();
  }

  // ---------------------------------------------------------------- objects

  private Optional<byte[]> get(String key, String what) throws IOException {
    try {
      return Optional.of(s3.getObjectAsBytes(r -> r.bucket(location.bucket()).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw S3Errors.describe(e, location, settings, what);
    }
  }

  private Optional<HeadObjectResponse> head(String key, String what) throws IOException {
    try {
      return Optional.of(s3.headObject(r -> r.bucket(location.bucket()).key(key)));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty(); // HEAD has no body, so no error code
      }
      throw S3Errors.describe(e, location, settings, what);
    } catch (SdkException e) {
      throw S3Errors.describe(e, location, settings, what);
    }
  }

  private void put(String key, byte[] bytes, String contentType, String what) throws IOException {
    try {
      s3.putObject(r -> r.bucket(location.bucket()).key(key).contentType(contentType), RequestBody.fromBytes(bytes));
    } catch (SdkException e) {
      throw S3Errors.describe(e, location, settings, what);
    }
  }

  private void delete(String key, String what) throws IOException {
    try {
      s3.deleteObject(r -> r.bucket(location.bucket()).key(key));
    } catch (SdkException e) {
      throw S3Errors.describe(e, location, settings, what);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  private static String user() {
    return System.getProperty("user.name", "unknown");
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return ManagementFactory.getRuntimeMXBean().getName();
    }
  }
}
