package krnel.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import krnel.runner.OpState;
import krnel.runner.Runner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The s3 store's commit protocol, layout and read cache, through the runner, on a real S3 server. */
@ExtendWith(SharedS3Mock.class)
class S3StoreTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path scratch;
  private S3MockServer server;
  private String store;
  private Path counter;

  @BeforeEach
  void setUp() {
    server = SharedS3Mock.server();
    store = S3TestSupport.freshStore();
    counter = scratch.resolve("runs.txt");
    S3TestSupport.useServer(server, scratch.resolve("cache-1"));
  }

  private Runner runner(String cache) {
    System.setProperty("krnel.cacheDir", scratch.resolve(cache).toString());
    return Runner.open(store, SlowImplementation.module(counter));
  }

  private static SlowOp op(String label) {
    return ImmutableSlowOp.builder().label(label).build();
  }

  @Test
  void resultsAreStoredInTheReferenceLayoutWithADoneThatDescribesThem() throws Exception {
    SlowOp op = op("layout");
    try (Runner runner = runner("cache-1")) {
      assertTrue(runner.store() instanceof S3Store);
      runner.materialize(op);
      assertEquals(OpState.COMPLETED, runner.status(op).state());
    }
    try (S3Client s3 = S3TestSupport.client(server)) {
      String prefix = S3Location.parse(store).prefix() + "/";
      List<String> keys = s3.listObjectsV2Paginator(r -> r.bucket(S3MockServer.BUCKET).prefix(prefix)).contents().stream()
          .map(S3Object::key).map(k -> k.substring(prefix.length())).sorted().collect(Collectors.toList());
      String dir = "SlowOp/" + op.uuid().substring("SlowOp_".length()) + "/";
      assertEquals(List.of(dir + "done", dir + "result.parquet", dir + "status.json"), keys); // the lease is gone

      byte[] result = s3.getObjectAsBytes(r -> r.bucket(S3MockServer.BUCKET).key(prefix + dir + "result.parquet")).asByteArray();
      JsonNode done = MAPPER.readTree(s3.getObjectAsBytes(r -> r.bucket(S3MockServer.BUCKET).key(prefix + dir + "done")).asByteArray());
      assertEquals("result.parquet", done.get("file").asText());
      assertEquals(result.length, done.get("size").asLong());
      java.util.zip.CRC32C crc32c = new java.util.zip.CRC32C();
      crc32c.update(result);
      assertEquals(String.format("%08x", crc32c.getValue()), done.get("crc32c").asText());
      assertFalse(done.has("sha256"), done.toString());
      assertTrue(done.get("writer").asText().startsWith("krnel-java "), done.toString());
      JsonNode status = MAPPER.readTree(s3.getObjectAsBytes(r -> r.bucket(S3MockServer.BUCKET).key(prefix + dir + "status.json")).asByteArray());
      assertEquals("completed", status.get("state").asText());
      assertEquals(List.of(op.uuid()), MAPPER.convertValue(status.get("op").get("outputs"), List.class));
    }
    // a second machine: an empty cache, the result downloaded once, the op not computed again
    try (Runner other = runner("cache-2")) {
      assertTrue(other.hasResult(op));
      assertArrayEquals(new double[] {0, 1, 2}, other.toDoubleArray(op));
      assertEquals(List.of(op.uuid()), other.store().uuids());
    }
    assertEquals(List.of("layout"), S3TestSupport.lines(counter));
    assertTrue(Files.isRegularFile(cached("cache-2", op.uuid(), "result.parquet")));
  }

  private Path cached(String cache, String uuid, String name) {
    return scratch.resolve(cache).resolve("s3").resolve(S3MockServer.BUCKET).resolve(S3TestSupport.key(store, uuid, name));
  }

  @Test
  void largeStreamedResultsGoUpInPartsAndComeBackWhole() {
    SlowOp big = ImmutableSlowOp.builder().label("big").rows(2_600_000).streamed(true).build(); // ~21 MB: 2 parts
    try (Runner runner = runner("cache-1")) {
      runner.materialize(big);
    }
    try (Runner other = runner("cache-2")) {
      double[] values = other.toDoubleArray(big);
      assertEquals(2_600_000, values.length);
      for (int row : new int[] {0, 1, 2, 65_535, 65_536, 1_234_567, 2_599_999}) {
        assertEquals(SlowImplementation.value(big, row), values[row], "row " + row);
      }
    }
  }

  @Test
  void aResultThatFailsWhileStoredLeavesNoDoneAndRecordsFailed() throws Exception {
    SlowOp failing = ImmutableSlowOp.builder().label("fails").rows(200_000).streamed(true).failMidStream(true).build();
    try (Runner runner = runner("cache-1")) {
      RuntimeException e = assertThrows(RuntimeException.class, () -> runner.materialize(failing));
      assertTrue(e.getMessage().contains("failing on purpose"), e.getMessage());
      assertFalse(runner.hasResult(failing));
      assertEquals(OpState.FAILED, runner.status(failing).state());
      assertTrue(runner.status(failing).error().contains("failing on purpose"), runner.status(failing).error());
    }
    try (S3Client s3 = S3TestSupport.client(server)) {
      String prefix = S3Location.parse(store).prefix() + "/";
      List<String> keys = s3.listObjectsV2Paginator(r -> r.bucket(S3MockServer.BUCKET).prefix(prefix)).contents().stream()
          .map(S3Object::key).map(k -> k.substring(k.lastIndexOf('/') + 1)).sorted().collect(Collectors.toList());
      assertEquals(List.of("status.json"), keys); // no done, no result, no lease
    }
  }

  @Test
  void aPythonDoneIsAccepted() throws Exception {
    SlowOp op = op("python");
    try (Runner runner = runner("cache-1")) {
      runner.materialize(op);
    }
    try (S3Client s3 = S3TestSupport.client(server)) {
      // what krnel-graph's LocalArrowRunner (fsspec) leaves: the text "done"
      s3.putObject(r -> r.bucket(S3MockServer.BUCKET).key(S3TestSupport.key(store, op.uuid(), "done")),
          RequestBody.fromString("done"));
    }
    try (Runner other = runner("cache-2")) {
      assertTrue(other.hasResult(op));
      assertArrayEquals(new double[] {0, 1, 2}, other.toDoubleArray(op));
    }
    assertEquals(List.of("python"), S3TestSupport.lines(counter));
  }

  @Test
  void aDoneWhoseChecksumDoesNotMatchIsReportedAndTheResultRecomputed() throws Exception {
    SlowOp op = op("tampered");
    try (Runner runner = runner("cache-1")) {
      runner.materialize(op);
    }
    String doneKey = S3TestSupport.key(store, op.uuid(), "done");
    try (S3Client s3 = S3TestSupport.client(server)) {
      JsonNode done = MAPPER.readTree(s3.getObjectAsBytes(r -> r.bucket(S3MockServer.BUCKET).key(doneKey)).asByteArray());
      ((com.fasterxml.jackson.databind.node.ObjectNode) done).put("crc32c", "0".repeat(8));
      s3.putObject(r -> r.bucket(S3MockServer.BUCKET).key(doneKey), RequestBody.fromBytes(MAPPER.writeValueAsBytes(done)));
    }
    try (Runner other = runner("cache-2")) {
      assertTrue(other.hasResult(op)); // size and ETag match: only the download can tell
      UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> other.toDoubleArray(op));
      assertTrue(e.getMessage().contains("does not match its done") && e.getMessage().contains("crc32c"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
      assertFalse(other.hasResult(op)); // treated as missing from now on
    }
    try (S3Client s3 = S3TestSupport.client(server)) {
      assertThrows(NoSuchKeyException.class, () -> s3.getObject(r -> r.bucket(S3MockServer.BUCKET).key(doneKey)));
    }
    try (Runner third = runner("cache-3")) {
      assertFalse(third.hasResult(op));
      assertArrayEquals(new double[] {0, 1, 2}, third.toDoubleArray(op)); // computed again
    }
    assertEquals(List.of("tampered", "tampered"), S3TestSupport.lines(counter));
  }

  @Test
  void aResultReplacedAfterItsDoneCountsAsMissing() throws Exception {
    SlowOp op = op("replaced");
    try (Runner runner = runner("cache-1")) {
      runner.materialize(op);
    }
    try (S3Client s3 = S3TestSupport.client(server)) {
      s3.putObject(r -> r.bucket(S3MockServer.BUCKET).key(S3TestSupport.key(store, op.uuid(), "result.parquet")),
          RequestBody.fromString("not the result"));
    }
    try (Runner other = runner("cache-2")) {
      assertFalse(other.hasResult(op));
      other.materialize(op);
      assertArrayEquals(new double[] {0, 1, 2}, other.toDoubleArray(op));
    }
    assertEquals(List.of("replaced", "replaced"), S3TestSupport.lines(counter));
  }

  @Test
  void theCacheServesRepeatedReadsAndMayBeDeletedAtAnyTime() throws Exception {
    SlowOp op = op("cached");
    try (Runner runner = runner("cache-1")) {
      runner.materialize(op);
    }
    try (Runner reader = runner("cache-2")) {
      assertEquals(OpState.COMPLETED, reader.status(op).state());
      assertArrayEquals(new double[] {0, 1, 2}, reader.toDoubleArray(op));
    }
    Path file = cached("cache-2", op.uuid(), "result.parquet");
    assertTrue(Files.isRegularFile(file));
    assertTrue(Files.isRegularFile(file.resolveSibling("status.json")));
    deleteTree(scratch.resolve("cache-2"));
    try (Runner reader = runner("cache-2")) {
      assertEquals(OpState.COMPLETED, reader.status(op).state());
      assertArrayEquals(new double[] {0, 1, 2}, reader.toDoubleArray(op));
    }
    assertTrue(Files.isRegularFile(file));
    // a damaged cached copy never counts: done beside it vouches for it only while it is the store's done
    Files.writeString(file.resolveSibling("done"), "something else", StandardCharsets.UTF_8);
    try (Runner reader = runner("cache-2")) {
      assertArrayEquals(new double[] {0, 1, 2}, reader.toDoubleArray(op));
    }
    assertEquals(List.of("cached"), S3TestSupport.lines(counter));
  }

  @Test
  void aMissingBucketIsOneLineWithAHint() {
    System.setProperty("krnel.cacheDir", scratch.resolve("cache").toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Runner.open("s3://no-such-bucket/krnel"));
    assertTrue(e.getMessage().contains("the bucket no-such-bucket does not exist; create it"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void anUnreachableEndpointIsOneLineWithAHint() throws Exception {
    S3Settings settings = S3TestSupport.settings(server, scratch.resolve("cache"))
        .withEndpoint(java.net.URI.create("http://127.0.0.1:" + S3MockServer.freePort()), true);
    S3StoreException e = assertThrows(S3StoreException.class, () -> S3Store.open(store, settings));
    assertTrue(e.getMessage().contains("cannot reach the S3 endpoint http://127.0.0.1:"), e.getMessage());
    assertTrue(e.getMessage().contains("check AWS_ENDPOINT_URL_S3"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void storeUrisAreCheckedAndNamedInErrors() {
    assertEquals("a/b", S3Location.parse("s3://bucket/a/b/").prefix());
    assertEquals("", S3Location.parse("s3://bucket").prefix());
    assertEquals("gs", S3Location.parse("gs://bucket/x").scheme());
    assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3:///x"));
    assertNotNull(new S3StoreProvider().accepts("S3://Bucket/x") ? "" : null);
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(path);
      }
    }
  }
}
