package krnel.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import krnel.runner.Result;
import krnel.runner.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conditional create whose response the network loses: the object was written, the SDK retries,
 * and the retry's {@code If-None-Match: *} fails on the object the first attempt wrote. The store
 * recognizes its own object (done, lease) instead of taking it for another runner's.
 */
@ExtendWith(SharedS3Mock.class)
class S3LostResponseTest {
  @TempDir Path dir;

  @Test
  void aLostResponseToCreatingDoneIsNotAnotherRunnersDone() throws Exception {
    SlowOp op = ImmutableSlowOp.builder().label("lost-done").sleepMillis(0).build();
    try (LostResponseProxy proxy = new LostResponseProxy(SharedS3Mock.server().endpoint());
         S3Store store = S3Store.open(S3TestSupport.freshStore(),
             S3TestSupport.settings(SharedS3Mock.server(), dir.resolve("cache")).withEndpoint(proxy.endpoint(), true))) {
      proxy.loseResponseToPut("/" + S3Store.DONE);
      try (Store.Lock lock = store.lock(op)) {
        store.writeResult(op, Result.json(Map.of("answer", 42)));
      }
      assertEquals(1, proxy.lost(), "the response to creating done was lost");
      assertTrue(store.hasResult(op.uuid()));
    }
  }

  @Test
  void aLostResponseToCreatingALeaseIsNotAnotherRunnersLease() throws Exception {
    SlowOp op = ImmutableSlowOp.builder().label("lost-lease").sleepMillis(0).build();
    try (LostResponseProxy proxy = new LostResponseProxy(SharedS3Mock.server().endpoint());
         S3Store store = S3Store.open(S3TestSupport.freshStore(), S3TestSupport.settings(SharedS3Mock.server(),
             dir.resolve("cache")).withEndpoint(proxy.endpoint(), true).withLeaseTime(Duration.ofHours(1)))) {
      proxy.loseResponseToPut("/" + S3Store.LEASE);
      // taken for another runner's, the lease would be waited for until it expired: an hour
      Store.Lock lock = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> store.lock(op));
      assertEquals(1, proxy.lost(), "the response to creating the lease was lost");
      lock.close();
      assertTrue(store.tryLock(op).isPresent(), "the lease was released");
    }
  }
}
