package krnel.s3;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import krnel.runner.Result;
import krnel.store.ParquetResults;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Uploads and downloads 100,000 × 768 float32 activations through the s3 store (Parquet zstd-3 in
 * a temporary file, streamed upload with CRC32C, done with If-None-Match; read back into an empty
 * cache four ways: a done with sha256 (as written before) or CRC32C, and one GET then decoding or
 * {@code readResult}'s decoding while downloading; then, through a relay pacing responses to a
 * {@code -Dbench.linkMBps} link (250 MB/s), the bare GET and both read paths) against a same-run baseline: the bare
 * SDK moving the same bytes (the store's result.parquet) with one PutObject from the file and one
 * GetObject to a file. Server: S3Mock on loopback, started here.
 *
 * <p>Run: {@code mvn -q -B -o -pl krnel-s3 -am -DskipTests -P s3-benchmark verify}. Arguments:
 * rows (100000), repeats (3).
 */
public final class S3StoreBenchmark {
  private static final long THRESHOLD = Long.getLong("bench.thresholdMb", 512) << 20;
  private static final long PART = Long.getLong("bench.partMb", 16) << 20;
  private static final int THREADS = Integer.getInteger("bench.threads", 4);
  /** The link speed of the paced rows, in MB/s: a network, not loopback, sets the download's pace there. */
  private static final long LINK = Long.getLong("bench.linkMBps", 250);

  private S3StoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int dimensions = 768;
    double megabytes = (double) rows * dimensions * Float.BYTES / 1e6;
    Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "krnel-s3-bench");
    SlowOp op = ImmutableSlowOp.builder().label("bench-" + rows).build();
    try (S3MockServer server = S3MockServer.start(dir.resolve("server"));
        BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot table = vectors(op.uuid(), rows, dimensions, allocator);
        S3Client bare = S3TestSupport.client(server)) {
      String uri = "s3://" + S3MockServer.BUCKET + "/bench";
      double[] encode = new double[repeats];
      double[] storeUp = new double[repeats];
      double[][] reads = new double[4][repeats];
      double[][] fetches = new double[2][repeats];
      double[][] paced = new double[3][repeats]; // bare GET, one GET then decoding, decoding while downloading
      double[] sdkUp = new double[repeats];
      double[] sdkDown = new double[repeats];
      Path parquet = dir.resolve("same-bytes.parquet");
      long bytes = 0;
      for (int i = 0; i < repeats; i++) {
        long start = System.nanoTime();
        ParquetResults.write(parquet, table); // what the store encodes, timed on its own
        encode[i] = seconds(start);
        bytes = Files.size(parquet);

        Path cache = dir.resolve("cache-" + i);
        try (S3Store store = S3Store.open(uri, S3TestSupport.settings(server, cache).withUploads(THRESHOLD, PART, THREADS));
            Result result = Result.table(table.slice(0, table.getRowCount()))) {
          start = System.nanoTime();
          store.writeResult(op, result);
          storeUp[i] = seconds(start);
        }
        // the same result read back four ways, each into an empty cache: the checksum done records
        // (CRC32C as written now, or sha256 as before) x one GET then decoding, or decoding while downloading
        String doneKey = S3TestSupport.key(uri, op.uuid(), S3Store.DONE);
        byte[] crcDone = bare.getObjectAsBytes(r -> r.bucket(S3MockServer.BUCKET).key(doneKey)).asByteArray();
        DoneRecord record = DoneRecord.parse(crcDone);
        byte[] stored = bare.getObjectAsBytes(r -> r.bucket(S3MockServer.BUCKET)
            .key(S3TestSupport.key(uri, op.uuid(), S3Store.PARQUET))).asByteArray();
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(stored));
        stored = null;
        byte[] shaDone = new DoneRecord(record.file(), record.size(), sha256, null, record.etag(), record.writer()).toBytes();
        for (int way = 0; way < 4; way++) {
          byte[] done = way % 2 == 0 ? shaDone : crcDone;
          bare.putObject(r -> r.bucket(S3MockServer.BUCKET).key(doneKey), RequestBody.fromBytes(done));
          try (S3Store store = S3Store.open(uri, S3TestSupport.settings(server, dir.resolve("empty-cache-" + i + "-" + way)))) {
            start = System.nanoTime();
            VectorSchemaRoot read;
            if (way < 2) {
              Path fetched = store.fetch(op.uuid()); // download, checksum, into the cache
              fetches[way][i] = seconds(start);
              read = ParquetResults.read(fetched, allocator);
            } else {
              read = ((Result.Table) store.readResult(op, allocator)).root();
            }
            reads[way][i] = seconds(start);
            try (read) {
              if (read.getRowCount() != rows) {
                throw new AssertionError("read " + read.getRowCount() + " rows");
              }
            }
          }
          delete(dir.resolve("empty-cache-" + i + "-" + way));
        }

        try (DownloadRelay link = new DownloadRelay(server.endpoint(), LINK * 1_000_000)) {
          for (int way = 0; way < 2; way++) {
            Path pacedCache = dir.resolve("paced-cache-" + i + "-" + way);
            try (S3Store store = S3Store.open(uri, S3TestSupport.settings(server, pacedCache).withEndpoint(link.endpoint(), true))) {
              start = System.nanoTime();
              VectorSchemaRoot read = way == 0 ? ParquetResults.read(store.fetch(op.uuid()), allocator)
                  : ((Result.Table) store.readResult(op, allocator)).root();
              paced[way + 1][i] = seconds(start);
              read.close();
            }
            delete(pacedCache);
          }
          try (S3Client slow = S3TestSupport.client(server, link.endpoint())) {
            Path downloaded = dir.resolve("paced-bare-" + i + ".parquet");
            start = System.nanoTime();
            slow.getObject(r -> r.bucket(S3MockServer.BUCKET).key(S3TestSupport.key(uri, op.uuid(), S3Store.PARQUET)),
                ResponseTransformer.toFile(downloaded));
            paced[0][i] = seconds(start);
            Files.delete(downloaded);
          }
        }

        String key = "bare/result-" + i + ".parquet";
        start = System.nanoTime();
        bare.putObject(r -> r.bucket(S3MockServer.BUCKET).key(key), RequestBody.fromFile(parquet));
        sdkUp[i] = seconds(start);
        Path downloaded = dir.resolve("bare-" + i + ".parquet");
        start = System.nanoTime();
        bare.getObject(r -> r.bucket(S3MockServer.BUCKET).key(key), ResponseTransformer.toFile(downloaded));
        sdkDown[i] = seconds(start);
        Files.delete(downloaded);
        delete(dir.resolve("cache-" + i));
      }
      System.out.printf(Locale.ROOT, "%d x %d float32 = %.0f MB (result.parquet %.0f MB), best of %d, %s %s%n", rows,
          dimensions, megabytes, bytes / 1e6, repeats, System.getProperty("java.vm.name"), System.getProperty("java.version"));
      System.out.printf(Locale.ROOT, "%-72s %8s %8s %10s%n", "", "s", "MB/s", "vs SDK");
      row("bare SDK PutObject of result.parquet (baseline up)", min(sdkUp), bytes, min(sdkUp));
      row("store writeResult: encode + upload + done", min(storeUp), bytes, min(sdkUp));
      row("  of which Parquet encoding (measured alone)", min(encode), bytes, Double.NaN);
      row("  store upload path without encoding", min(storeUp) - min(encode), bytes, min(sdkUp));
      row("bare SDK GetObject to a file (baseline down)", min(sdkDown), bytes, min(sdkDown));
      row("store fetch (one GET, sha256 done): download + check into the cache", min(fetches[0]), bytes, min(sdkDown));
      row("store read, sha256 done: fetch, then decoding (before)", min(reads[0]), bytes, min(sdkDown));
      row("store fetch (one GET, CRC32C done)", min(fetches[1]), bytes, min(sdkDown));
      row("store read, CRC32C done: fetch, then decoding", min(reads[1]), bytes, min(sdkDown));
      row("store readResult, sha256 done: decoding while downloading", min(reads[2]), bytes, min(sdkDown));
      row("store readResult, CRC32C done: decoding while downloading (now)", min(reads[3]), bytes, min(sdkDown));
      System.out.printf(Locale.ROOT, "through a relay that paces responses to a %d MB/s link:%n", LINK);
      row("bare SDK GetObject to a file (baseline down)", min(paced[0]), bytes, min(paced[0]));
      row("store read, CRC32C done: fetch, then decoding", min(paced[1]), bytes, min(paced[0]));
      row("store readResult, CRC32C done: decoding while downloading (now)", min(paced[2]), bytes, min(paced[0]));
    } finally {
      delete(dir);
    }
  }

  /** Gaussian float32 vectors in one fixed-size-list column, as activations are stored. */
  static VectorSchemaRoot vectors(String name, int rows, int dimensions, BufferAllocator allocator) {
    FixedSizeListVector vectors = FixedSizeListVector.empty(name, dimensions, allocator);
    vectors.addOrGetVector(FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)));
    vectors.setInitialCapacity(rows);
    vectors.allocateNew();
    Float4Vector values = (Float4Vector) vectors.getDataVector();
    values.allocateNew(rows * dimensions);
    SplittableRandom random = new SplittableRandom(42);
    for (int row = 0; row < rows; row++) {
      vectors.setNotNull(row);
      for (int d = 0; d < dimensions; d++) {
        values.set(row * dimensions + d, (float) random.nextGaussian());
      }
    }
    values.setValueCount(rows * dimensions);
    vectors.setValueCount(rows);
    return VectorSchemaRoot.of(vectors);
  }

  private static void row(String name, double seconds, long bytes, double baseline) {
    System.out.printf(Locale.ROOT, "%-72s %8.2f %8.0f %9.2fx%n", name, seconds, bytes / 1e6 / seconds, baseline / seconds);
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElseThrow();
  }

  private static void delete(Path root) throws java.io.IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
