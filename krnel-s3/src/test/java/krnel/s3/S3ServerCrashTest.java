package krnel.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import krnel.runner.Runner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The S3 server killed in the middle of a multipart upload: no done is left, and a rerun recovers. */
class S3ServerCrashTest {
  @TempDir Path scratch;
  private S3MockServer server;

  @AfterEach
  void stop() throws InterruptedException {
    System.clearProperty("krnel.s3.leaseSeconds");
    System.clearProperty("krnel.s3.partSizeMb");
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aServerKilledMidUploadLeavesNoDoneAndARerunRecovers() throws Exception {
    Path root = scratch.resolve("s3");
    server = S3MockServer.start(root);
    S3TestSupport.useServer(server, scratch.resolve("cache"));
    System.setProperty("krnel.s3.leaseSeconds", "2");
    System.setProperty("krnel.s3.partSizeMb", "5"); // ten parts: the server dies with most of them unsent
    String store = S3TestSupport.freshStore();
    Path counter = scratch.resolve("runs.txt");
    SlowOp big = ImmutableSlowOp.builder().label("crash").rows(6_000_000).streamed(true).build(); // ~48 MB
    String resultKey = S3TestSupport.key(store, big.uuid(), "result.parquet");

    CompletableFuture<Void> run;
    try (Runner runner = Runner.open(store, SlowImplementation.module(counter));
        S3Client s3 = S3TestSupport.client(server)) {
      run = CompletableFuture.runAsync(() -> runner.materialize(big));
      ProcessTestSupport.waitFor(() -> run.isDone() || s3.listMultipartUploads(r -> r.bucket(S3MockServer.BUCKET))
          .uploads().stream().anyMatch(upload -> upload.key().equals(resultKey)));
      assertFalse(run.isDone(), "the upload ended before the server could be killed");
      server.kill();
      Exception failure = assertThrows(Exception.class, () -> run.get(120, TimeUnit.SECONDS));
      assertNotNull(failure.getCause());
      String message = failure.getCause().getMessage();
      assertTrue(message.contains("cannot reach the S3 endpoint " + server.endpoint()), message);
    }

    // The same data, back up, on a fresh port: reusing the dead server's port raced with the ephemeral ports
    // of this JVM's connections (one CI run waited 90 s for a server that never answered there).
    server = S3MockServer.start(root);
    S3TestSupport.useServer(server, scratch.resolve("cache"));
    try (S3Client s3 = S3TestSupport.client(server)) {
      assertThrows(NoSuchKeyException.class, () -> s3.getObject(r -> r.bucket(S3MockServer.BUCKET)
          .key(S3TestSupport.key(store, big.uuid(), "done"))));
    }
    try (Runner rerun = Runner.open(store, SlowImplementation.module(counter))) {
      assertFalse(rerun.hasResult(big));
      rerun.materialize(big); // after the dead runner's lease expires
      double[] values = rerun.toDoubleArray(big);
      assertEquals(6_000_000, values.length);
      assertEquals(SlowImplementation.value(big, 5_999_999), values[5_999_999]);
    }
    assertEquals(List.of("crash", "crash"), S3TestSupport.lines(counter));
  }
}
