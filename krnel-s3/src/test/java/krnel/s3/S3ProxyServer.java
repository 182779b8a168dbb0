package krnel.s3;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server that checks what S3Mock does not: S3Proxy's runnable jar ({@code
 * target/s3proxy.jar}, copied there by the build from Maven Central) with its in-memory backend, on
 * a free loopback port. It verifies v4 signatures against one identity ({@link #KEY}, {@link
 * #SECRET}), refuses requests dated more than 15 minutes off its clock (RequestTimeTooSkewed) and
 * answers anonymous requests as S3 does: AccessDenied unless the bucket's ACL grants them.
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String KEY = "good-key";
  public static final String SECRET = "good-secret";

  private final Process process;
  private final URI endpoint;

  private S3ProxyServer(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /** Starts a server with no buckets; its config and log go into {@code dir}. */
  public static S3ProxyServer start(Path dir) throws IOException, InterruptedException {
    String jar = System.getProperty("krnel.s3proxy.jar", "target/s3proxy.jar");
    if (!Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("S3Proxy's jar " + jar + " is missing: run the tests through Maven, which copies it");
    }
    Files.createDirectories(dir);
    URI endpoint = URI.create("http://127.0.0.1:" + S3MockServer.freePort());
    Path config = Files.writeString(dir.resolve("s3proxy.conf"), String.join("\n",
        "s3proxy.authorization=aws-v2-or-v4", "s3proxy.endpoint=" + endpoint, "s3proxy.identity=" + KEY,
        "s3proxy.credential=" + SECRET, "jclouds.provider=transient", "jclouds.identity=unused",
        "jclouds.credential=unused") + "\n");
    Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar, "--properties", config.toString()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
    S3ProxyServer server = new S3ProxyServer(process, endpoint);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!server.answers()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        server.close();
        throw new IllegalStateException("S3Proxy did not start on " + endpoint + "; see " + dir.resolve("s3proxy.log"));
      }
      Thread.sleep(100);
    }
    return server;
  }

  private boolean answers() {
    try {
      HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
      connection.setConnectTimeout(500);
      int code = connection.getResponseCode();
      connection.disconnect();
      return code > 0;
    } catch (IOException e) {
      return false;
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  /** A bare SDK client with {@code key} and {@code secret}, to set the server up and look at it. */
  public S3Client client(String key, String secret) {
    return S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
        .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()).build();
  }

  /** A client with the server's own identity. */
  public S3Client client() {
    return client(KEY, SECRET);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }
  }
}
