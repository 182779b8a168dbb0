package krnel.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import krnel.runner.Result;
import krnel.runner.Runner;
import krnel.runner.Store;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Large Parquet results are decoded while they download ({@link ResultDownload}): the footer first,
 * then the rest; the table is handed out and the file cached only once every byte matched done.
 */
@ExtendWith(SharedS3Mock.class)
class S3DownloadTest {
  /** 8 bytes a row of random doubles: 10.1 MB stored, above {@link S3Store#DECODE_WHILE_DOWNLOADING}, in 19 row groups. */
  private static final int ROWS = 1_500_000;

  @TempDir Path scratch;
  private String store;
  private Path counter;

  @BeforeEach
  void setUp() {
    store = S3TestSupport.freshStore();
    counter = scratch.resolve("runs.txt");
  }

  private static SlowOp big(String label) {
    return ImmutableSlowOp.builder().label(label).rows(ROWS).streamed(true).build();
  }

  /** Computes and stores {@code op} on {@code server} (its result also lands in that runner's own cache). */
  private void compute(S3MockServer server, SlowOp op) {
    S3TestSupport.useServer(server, scratch.resolve("writer-cache"));
    try (Runner runner = Runner.open(store, SlowImplementation.module(counter))) {
      runner.materialize(op);
    }
  }

  private S3Store open(S3MockServer server, java.net.URI endpoint, String cache) {
    return S3Store.open(store, S3TestSupport.settings(server, scratch.resolve(cache)).withEndpoint(endpoint, true));
  }

  private static void assertValues(SlowOp op, VectorSchemaRoot table) {
    assertEquals(ROWS, table.getRowCount());
    Float8Vector values = (Float8Vector) table.getVector(0);
    for (int row = 0; row < ROWS; row++) {
      if (values.get(row) != SlowImplementation.value(op, row)) {
        throw new AssertionError("row " + row + ": " + values.get(row));
      }
    }
  }

  private static Path cached(S3Store s3, String uuid, String name) {
    String[] parts = Store.split(uuid);
    return s3.cacheRoot().resolve(parts[0]).resolve(parts[1]).resolve(name);
  }

  private static List<Path> temporaries(S3Store s3) throws IOException {
    Path tmp = s3.cacheRoot().resolve(".tmp");
    if (!Files.isDirectory(tmp)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(tmp)) {
      return files.toList();
    }
  }

  @Test
  void aLargeResultIsDecodedFromItsFooterOnWhileTheRestArrivesAndThenCached() throws Exception {
    S3MockServer server = SharedS3Mock.server();
    SlowOp op = big("overlap");
    compute(server, op);
    String resultKey = S3TestSupport.key(store, op.uuid(), S3Store.PARQUET);
    byte[] stored;
    try (S3Client s3 = S3TestSupport.client(server)) {
      stored = s3.getObjectAsBytes(r -> r.bucket(S3MockServer.BUCKET).key(resultKey)).asByteArray();
    }
    long size = stored.length;
    try (DownloadRelay relay = new DownloadRelay(server.endpoint());
        S3Store s3 = open(server, relay.endpoint(), "reader-cache");
        BufferAllocator allocator = new RootAllocator()) {
      try (Result result = s3.readResult(op, allocator)) {
        assertValues(op, ((Result.Table) result).root());
      }
      long tailStart = size - ResultDownload.TAIL;
      assertEquals(List.of("bytes=" + tailStart + "-" + (size - 1), "bytes=0-" + (tailStart - 1)),
          relay.ranges("/" + S3Store.PARQUET), "the footer first, then the rest; all GETs: " + relay.gets);
      assertArrayEquals(stored, Files.readAllBytes(cached(s3, op.uuid(), S3Store.PARQUET)));
      assertEquals(List.of(), temporaries(s3));
      try (Result again = s3.readResult(op, allocator)) { // from the cache: no download
        assertValues(op, ((Result.Table) again).root());
      }
      assertEquals(2, relay.ranges("/" + S3Store.PARQUET).size());
    }
  }

  @Test
  void aChecksumFailureFoundAtTheEndOfTheDecodingLeavesNoCacheFileAndTheOpMissing() throws Exception {
    S3MockServer server = SharedS3Mock.server();
    SlowOp op = big("overlap-tampered");
    compute(server, op);
    String doneKey = S3TestSupport.key(store, op.uuid(), S3Store.DONE);
    try (S3Client client = S3TestSupport.client(server)) {
      DoneRecord done = DoneRecord.parse(client.getObjectAsBytes(r -> r.bucket(S3MockServer.BUCKET).key(doneKey)).asByteArray());
      byte[] tampered = new DoneRecord(done.file(), done.size(), null, "00000000", done.etag(), done.writer()).toBytes();
      client.putObject(r -> r.bucket(S3MockServer.BUCKET).key(doneKey), RequestBody.fromBytes(tampered));
    }
    try (S3Store s3 = open(server, server.endpoint(), "reader-cache");
        BufferAllocator allocator = new RootAllocator()) {
      assertTrue(s3.hasResult(op.uuid())); // size and ETag match: only the whole download can tell
      IOException e = assertThrows(IOException.class, () -> s3.readResult(op, allocator));
      assertTrue(e.getMessage().contains("does not match its done") && e.getMessage().contains("crc32c"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
      assertEquals(0, allocator.getAllocatedMemory(), "the decoded table was freed, never handed out");
      assertFalse(Files.exists(cached(s3, op.uuid(), S3Store.PARQUET)));
      assertFalse(Files.exists(cached(s3, op.uuid(), S3Store.DONE)));
      assertEquals(List.of(), temporaries(s3));
      assertFalse(s3.hasResult(op.uuid()));
    }
    try (S3Client client = S3TestSupport.client(server)) {
      assertThrows(NoSuchKeyException.class, () -> client.getObject(r -> r.bucket(S3MockServer.BUCKET).key(doneKey)));
    }
    S3TestSupport.useServer(server, scratch.resolve("third-cache"));
    try (Runner third = Runner.open(store, SlowImplementation.module(counter))) {
      assertFalse(third.hasResult(op));
      third.materialize(op); // computed again
    }
    assertEquals(List.of("overlap-tampered", "overlap-tampered"), S3TestSupport.lines(counter));
  }

  @Test
  void aDoneWrittenWithSha256BeforeIsStillCheckedAsSuch() throws Exception {
    S3MockServer server = SharedS3Mock.server();
    SlowOp op = big("overlap-sha256");
    compute(server, op);
    String doneKey = S3TestSupport.key(store, op.uuid(), S3Store.DONE);
    DoneRecord done;
    String sha256;
    try (S3Client client = S3TestSupport.client(server)) {
      done = DoneRecord.parse(client.getObjectAsBytes(r -> r.bucket(S3MockServer.BUCKET).key(doneKey)).asByteArray());
      byte[] stored = client.getObjectAsBytes(r -> r.bucket(S3MockServer.BUCKET)
          .key(S3TestSupport.key(store, op.uuid(), S3Store.PARQUET))).asByteArray();
      sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored));
      // what this store wrote before it recorded CRC32C
      byte[] before = new DoneRecord(done.file(), done.size(), sha256, null, done.etag(), done.writer()).toBytes();
      client.putObject(r -> r.bucket(S3MockServer.BUCKET).key(doneKey), RequestBody.fromBytes(before));
    }
    try (S3Store s3 = open(server, server.endpoint(), "reader-cache");
        BufferAllocator allocator = new RootAllocator();
        Result result = s3.readResult(op, allocator)) {
      assertValues(op, ((Result.Table) result).root());
    }
    try (S3Client client = S3TestSupport.client(server)) {
      byte[] wrong = new DoneRecord(done.file(), done.size(), "0".repeat(64), null, done.etag(), done.writer()).toBytes();
      client.putObject(r -> r.bucket(S3MockServer.BUCKET).key(doneKey), RequestBody.fromBytes(wrong));
    }
    try (S3Store s3 = open(server, server.endpoint(), "other-cache");
        BufferAllocator allocator = new RootAllocator()) {
      IOException e = assertThrows(IOException.class, () -> s3.readResult(op, allocator));
      assertTrue(e.getMessage().contains("sha256 " + sha256 + ", not " + "0".repeat(64)), e.getMessage());
      assertFalse(Files.exists(cached(s3, op.uuid(), S3Store.PARQUET)));
    }
  }

  @Test
  void aServerKilledMidDownloadLeavesNothingThatLooksCompleteAndTheNextReadGetsIt() throws Exception {
    Path root = scratch.resolve("s3");
    S3MockServer server = S3MockServer.start(root);
    SlowOp op = big("overlap-killed");
    try {
      compute(server, op);
      try (DownloadRelay relay = new DownloadRelay(server.endpoint());
          S3Store s3 = open(server, relay.endpoint(), "reader-cache");
          BufferAllocator allocator = new RootAllocator()) {
        relay.holdGet("/" + S3Store.PARQUET, "bytes=0-", 3 << 20); // a third of the result, then the server dies
        CompletableFuture<Result> read = CompletableFuture.supplyAsync(() -> {
          try {
            return s3.readResult(op, allocator);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        assertTrue(relay.held.await(60, TimeUnit.SECONDS), "the download never started");
        server.kill();
        relay.release.countDown();
        Exception failure = assertThrows(Exception.class, () -> read.get(120, TimeUnit.SECONDS));
        String message = failure.getCause().getMessage();
        assertTrue(message.contains("the result of " + op.uuid()) || message.contains("downloading the result of "
            + op.uuid()), message);
        assertFalse(message.contains("\n"), message);
        assertEquals(0, allocator.getAllocatedMemory(), "the half-decoded table was freed");
        assertFalse(Files.exists(cached(s3, op.uuid(), S3Store.PARQUET)));
        assertFalse(Files.exists(cached(s3, op.uuid(), S3Store.DONE)));
        assertEquals(List.of(), temporaries(s3));
      }
      // the server back on a fresh port with the same data: the stored result was never at fault
      server = S3MockServer.start(root);
      try (S3Store s3 = open(server, server.endpoint(), "reader-cache");
          BufferAllocator allocator = new RootAllocator();
          Result result = s3.readResult(op, allocator)) {
        assertValues(op, ((Result.Table) result).root());
        assertTrue(Files.isRegularFile(cached(s3, op.uuid(), S3Store.PARQUET)));
      }
      assertEquals(List.of("overlap-killed"), S3TestSupport.lines(counter));
    } finally {
      server.close();
    }
  }
}
