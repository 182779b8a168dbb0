package krnel.s3;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One S3Mock for all test classes that use it (it takes a few seconds to start), stopped when the
 * test run ends (JUnit closes the root store's resources).
 */
final class SharedS3Mock implements BeforeAllCallback {
  private static S3MockServer server;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    server(context);
  }

  static synchronized S3MockServer server(ExtensionContext context) throws Exception {
    if (server == null) {
      S3MockServer started = S3MockServer.start(Path.of(System.getProperty("java.io.tmpdir"), "s3mock-shared-" + java.util.UUID.randomUUID()));
      context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
          .put(SharedS3Mock.class.getName(), new Stopper(started));
      server = started;
    }
    return server;
  }

  /** Stops the server when JUnit closes the root store, after the last test class. */
  private record Stopper(S3MockServer started) implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    @Override
    public void close() throws InterruptedException {
      synchronized (SharedS3Mock.class) {
        started.close();
        server = null;
      }
    }
  }

  static synchronized S3MockServer server() {
    if (server == null) {
      throw new IllegalStateException("annotate the test class with @ExtendWith(SharedS3Mock.class)");
    }
    return server;
  }
}
