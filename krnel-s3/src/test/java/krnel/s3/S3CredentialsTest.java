package krnel.s3;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Refused credentials, on a server that checks signatures (S3Mock does not): S3Proxy's runnable jar
 * ({@code target/s3proxy.jar}) with its in-memory backend on a free loopback port.
 */
class S3CredentialsTest {
  private static final String KEY = "good-key";
  private static final String SECRET = "good-secret";
  private static Process server;
  private static URI endpoint;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    int port = S3MockServer.freePort();
    endpoint = URI.create("http://127.0.0.1:" + port);
    Path config = Files.writeString(dir.resolve("s3proxy.conf"), String.join("\n",
        "s3proxy.authorization=aws-v2-or-v4", "s3proxy.endpoint=" + endpoint, "s3proxy.identity=" + KEY,
        "s3proxy.credential=" + SECRET, "jclouds.provider=transient", "jclouds.identity=unused",
        "jclouds.credential=unused") + "\n");
    server = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-jar", System.getProperty("krnel.s3proxy.jar", "target/s3proxy.jar"), "--properties", config.toString()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!answers()) {
      if (!server.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start; see " + dir.resolve("s3proxy.log"));
      }
      Thread.sleep(100);
    }
    try (S3Client s3 = client(KEY, SECRET)) {
      s3.createBucket(r -> r.bucket("krnel"));
    }
  }

  private static boolean answers() {
    try {
      HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
      connection.setConnectTimeout(500);
      int code = connection.getResponseCode();
      connection.disconnect();
      return code > 0;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (server != null) {
      server.destroy();
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  private static S3Client client(String key, String secret) {
    return S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
        .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()).build();
  }

  private static S3Settings settings(String key, String secret) {
    java.util.Properties sys = new java.util.Properties();
    sys.setProperty("user.home", dir.toString());
    return S3Settings.resolve("s3", java.util.Map.of(), sys, null).withEndpoint(endpoint, true).withRegion("us-east-1")
        .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
        .withCacheDir(dir.resolve("cache"));
  }

  @Test
  void theRightCredentialsOpenTheStore() {
    S3Store.open("s3://krnel/store", settings(KEY, SECRET)).close();
  }

  @Test
  void aWrongSecretIsOneLineWithAHint() {
    S3StoreException e = assertThrows(S3StoreException.class, () -> S3Store.open("s3://krnel/store", settings(KEY, "wrong")));
    assertTrue(e.getMessage().startsWith("s3://krnel/store at " + endpoint + ": the server refused the credentials"
        + " (SignatureDoesNotMatch) while checking the bucket; check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void anUnknownAccessKeyIsOneLineWithAHint() {
    S3StoreException e = assertThrows(S3StoreException.class, () -> S3Store.open("s3://krnel/store", settings("nobody", SECRET)));
    assertTrue(e.getMessage().contains(": the server refused the credentials (InvalidAccessKeyId) while checking the"
        + " bucket; check AWS_ACCESS_KEY_ID"), e.getMessage());
  }
}
