package krnel.cli;

import static krnel.cli.CliRun.krnel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import krnel.ops.LoadInlineJsonDatasetOp;
import krnel.runner.Runner;
import krnel.s3.LostResponseProxy;
import krnel.s3.S3MockServer;
import krnel.s3.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The errors a user meets on a bucket store, as {@code krnel status} and {@code krnel summary}
 * print them: one {@code error:} line saying what failed and what to do, one {@code hint:} line,
 * no stack trace. Against S3Proxy, which checks signatures, and a closed loopback port.
 */
class S3TroubleCliTest {
  private static final String HINT = "hint: check the bucket URI and the AWS settings (AWS_ENDPOINT_URL_S3, AWS_REGION,"
      + " credentials): docs/remote-store.md\n";
  private static final List<String> PROPERTIES =
      List.of("aws.endpointUrlS3", "aws.region", "aws.accessKeyId", "aws.secretAccessKey", "krnel.cacheDir");
  private static S3ProxyServer server;
  @TempDir static Path dir;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3ProxyServer.start(Path.of(System.getProperty("java.io.tmpdir"), "s3proxy-cli-" + UUID.randomUUID()));
    try (var s3 = server.client()) {
      s3.createBucket(r -> r.bucket("krnel"));
    }
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @AfterEach
  void clearSettings() {
    PROPERTIES.forEach(System::clearProperty);
  }

  /** This JVM's AWS settings, as AWS tools read them from aws.* system properties. */
  private static void use(String endpoint, String key, String secret) {
    Map.of("aws.endpointUrlS3", endpoint, "aws.region", "us-east-1", "aws.accessKeyId", key, "aws.secretAccessKey", secret,
        "krnel.cacheDir", dir.resolve("cache").toString()).forEach(System::setProperty);
  }

  private static void assertOneErrorAndAHint(String error, CliRun run) {
    assertEquals(1, run.code(), run.err());
    assertEquals("error: " + error + "\n" + HINT, run.err());
    CliRun.assertNoStackTrace(run);
  }

  @Test
  void theRightCredentialsReadTheStore() {
    use(server.endpoint().toString(), S3ProxyServer.KEY, S3ProxyServer.SECRET);
    String store = "s3://krnel/right";
    String uuid;
    try (Runner runner = Runner.open(store)) {
      LoadInlineJsonDatasetOp data = runner.fromInlineDataset(Map.of("x", List.of(1.0, 2.0)));
      runner.materialize(data);
      uuid = data.uuid();
    }
    CliRun status = krnel("status", "--store", store, "-u", uuid);
    assertEquals(uuid + ": completed\n", status.out(), status.err());
    CliRun summary = krnel("summary", "--store", store, "--json");
    assertEquals(0, summary.code(), summary.err());
    assertTrue(summary.out().contains("\"completed\" : 1"), summary.out());
  }

  @Test
  void refusedCredentials() {
    use(server.endpoint().toString(), S3ProxyServer.KEY, "wrong-secret");
    String error = "s3://krnel/refused at " + server.endpoint() + ": the server refused the credentials"
        + " (SignatureDoesNotMatch) while checking the bucket; check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or"
        + " AWS_PROFILE and ~/.aws/credentials), and renew expired session tokens";
    assertOneErrorAndAHint(error, krnel("status", "--store", "s3://krnel/refused"));
    assertOneErrorAndAHint(error, krnel("summary", "--store", "s3://krnel/refused"));
  }

  @Test
  void anUnreachableEndpoint() throws Exception {
    String closed = "http://127.0.0.1:" + S3MockServer.freePort(); // nothing listens there
    use(closed, S3ProxyServer.KEY, S3ProxyServer.SECRET);
    String error = "s3://krnel/away at " + closed + ": cannot reach the S3 endpoint " + closed + " while checking the"
        + " bucket (java.net.ConnectException: Connection refused); check AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, that"
        + " the server runs, and the network";
    assertOneErrorAndAHint(error, krnel("status", "--store", "s3://krnel/away"));
    assertOneErrorAndAHint(error, krnel("summary", "--store", "s3://krnel/away"));
  }

  /**
   * The store opens, then the network loses every answer to reading a status: the command fails
   * with the store's one line (not as a bug in krnel).
   */
  @Test
  void aNetworkThatFailsWhileTheCommandRuns() throws Exception {
    use(server.endpoint().toString(), S3ProxyServer.KEY, S3ProxyServer.SECRET);
    String store = "s3://krnel/lost";
    String uuid;
    try (Runner runner = Runner.open(store)) {
      LoadInlineJsonDatasetOp data = runner.fromInlineDataset(Map.of("y", List.of(3.0)));
      runner.materialize(data);
      uuid = data.uuid();
    }
    try (LostResponseProxy network = new LostResponseProxy(server.endpoint())) {
      network.loseEveryResponseToGet("/status.json");
      use(network.endpoint().toString(), S3ProxyServer.KEY, S3ProxyServer.SECRET);
      System.setProperty("krnel.cacheDir", dir.resolve("empty-cache").toString()); // the status is read from the bucket
      CliRun status = krnel("status", "--store", store, "-u", uuid);
      assertEquals(1, status.code(), status.err());
      List<String> lines = status.err().lines().toList();
      assertEquals(2, lines.size(), status.err());
      assertTrue(lines.get(0).startsWith("error: " + store + " at " + network.endpoint() + ": reading the status of " + uuid
          + " failed: "), status.err());
      assertEquals("hint: reading or writing failed for the reason above, not a bug in krnel; rerun with --verbose for"
          + " the stack trace", lines.get(1));
      CliRun.assertNoStackTrace(status);
      assertTrue(network.lost() > 0);
    }
  }
}
