package krnel.s3;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One S3Proxy for all test classes that use it, with the private bucket {@link #BUCKET}, stopped
 * when the test run ends (JUnit closes the root store's resources).
 */
final class SharedS3Proxy implements BeforeAllCallback {
  static final String BUCKET = "krnel";
  private static S3ProxyServer server;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    synchronized (SharedS3Proxy.class) {
      if (server == null) {
        S3ProxyServer started = S3ProxyServer.start(Path.of(System.getProperty("java.io.tmpdir"), "s3proxy-shared-" + UUID.randomUUID()));
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(SharedS3Proxy.class.getName(), new Stopper(started));
        try (var s3 = started.client()) {
          s3.createBucket(r -> r.bucket(BUCKET));
        }
        server = started;
      }
    }
  }

  /** Stops the server when JUnit closes the root store, after the last test class. */
  private record Stopper(S3ProxyServer started) implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    @Override
    public void close() throws InterruptedException {
      synchronized (SharedS3Proxy.class) {
        started.close();
        server = null;
      }
    }
  }

  static synchronized S3ProxyServer server() {
    if (server == null) {
      throw new IllegalStateException("annotate the test class with @ExtendWith(SharedS3Proxy.class)");
    }
    return server;
  }
}
