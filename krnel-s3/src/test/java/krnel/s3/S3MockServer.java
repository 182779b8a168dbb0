package krnel.s3;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 server for the tests: Adobe S3Mock's runnable jar ({@code target/s3mock.jar}, copied
 * there by the build from Maven Central), started with {@code java -jar} on a free loopback port
 * and stopped after. It implements conditional writes ({@code If-None-Match: *}, {@code If-Match})
 * and multipart uploads, which the store's protocol needs; it does not check signatures.
 */
public final class S3MockServer implements AutoCloseable {
  public static final String BUCKET = "krnel-test";

  private final Process process;
  private final URI endpoint;
  private final Path root;

  private S3MockServer(Process process, URI endpoint, Path root) {
    this.process = process;
    this.endpoint = endpoint;
    this.root = root;
  }

  /** Starts a server with the bucket {@link #BUCKET}, storing its objects under {@code root}. */
  public static S3MockServer start(Path root) throws IOException, InterruptedException {
    return start(root, freePort());
  }

  private static S3MockServer start(Path root, int port) throws IOException, InterruptedException {
    String jar = System.getProperty("krnel.s3mock.jar", "target/s3mock.jar");
    if (!Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("S3Mock's jar " + jar + " is missing: run the tests through Maven, which copies it");
    }
    Files.createDirectories(root);
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar,
        "--http.port=" + port, "--server.port=0", "--server.address=127.0.0.1",
        "--com.adobe.testing.s3mock.store.root=" + root.toAbsolutePath(),
        "--com.adobe.testing.s3mock.store.retain-files-on-exit=true",
        "--com.adobe.testing.s3mock.store.initial-buckets=" + BUCKET,
        "--spring.main.banner-mode=off", "--logging.level.root=WARN"));
    Path log = root.resolveSibling(root.getFileName() + "-s3mock.log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start(); // a restart keeps the first run's log
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    S3MockServer server = new S3MockServer(process, endpoint, root);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!server.answers()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        server.close();
        throw new IllegalStateException("S3Mock did not start on " + endpoint + (process.isAlive() ? "" : " (it exited)")
            + "; the end of its log " + log + ":\n" + tail(log));
      }
      Thread.sleep(200);
    }
    return server;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private boolean answers() {
    try {
      HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/" + BUCKET).toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(2000);
      connection.setRequestMethod("HEAD");
      int code = connection.getResponseCode();
      connection.disconnect();
      return code == 200;
    } catch (IOException e) {
      return false;
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  public Path root() {
    return root;
  }

  /** Kills the server at once (SIGKILL), as a crash or a lost network would end it. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      kill();
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
