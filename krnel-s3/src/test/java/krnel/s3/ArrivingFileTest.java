package krnel.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads of a file still downloading wait only for the bytes they need, and fail with the download. */
class ArrivingFileTest {
  @TempDir Path dir;

  private Path file() throws IOException {
    byte[] bytes = new byte[1000];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    return Files.write(dir.resolve("f"), bytes);
  }

  @Test
  void theTailIsReadableAtOnceAndTheRestOnceItArrived() throws Exception {
    try (ArrivingFile channel = new ArrivingFile(file(), 1000, 900)) {
      ByteBuffer tail = ByteBuffer.allocate(100);
      assertTimeoutPreemptively(Duration.ofSeconds(5), () -> channel.read(tail, 900)); // nothing else has arrived
      assertEquals((byte) 900, tail.get(0));
      assertEquals(1000, channel.size());

      CompletableFuture<Integer> head = CompletableFuture.supplyAsync(() -> {
        try {
          return channel.read(ByteBuffer.allocate(200), 0);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      channel.arrived(100);
      Thread.sleep(100);
      assertFalse(head.isDone(), "200 bytes asked, 100 arrived");
      channel.arrived(200);
      assertEquals(200, head.get(5, TimeUnit.SECONDS));
      assertEquals(-1, channel.read(ByteBuffer.allocate(1), 1000));
    }
  }

  @Test
  void aFailedDownloadFailsTheReadsStillWaiting() throws Exception {
    try (ArrivingFile channel = new ArrivingFile(file(), 1000, 900)) {
      channel.arrived(100);
      assertEquals(50, channel.read(ByteBuffer.allocate(50), 10)); // arrived before the failure: readable
      CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> {
        try {
          return channel.read(ByteBuffer.allocate(100), 500);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      Thread.sleep(50);
      channel.failed(new IOException("the connection closed"));
      Exception e = assertThrows(Exception.class, () -> waiting.get(5, TimeUnit.SECONDS));
      assertTrue(e.getCause().getMessage().contains("the connection closed"), e.getCause().getMessage());
    }
  }
}
