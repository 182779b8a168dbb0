package krnel.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * What {@link SyncBehind} buys the store: 100,000 × 768 float32 written to a new file and forced to
 * disk, as {@code LocalStore} does before the rename, with and without forcing behind the writer,
 * alternating, best of 5. Prints the whole time and the final {@code fsync}'s share.
 *
 * <p>Run as {@link ParquetBenchmark} is run, with {@code krnel.store.SyncBehindBenchmark DIR} (a
 * directory on the disk to measure, not a tmpfs).
 */
public final class SyncBehindBenchmark {
  private SyncBehindBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
    double[][] best = {{1e9, 1e9}, {1e9, 1e9}};
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot table = TestTables.vectors(allocator, 100_000, 768, 1)) {
      for (int rep = 0; rep < 5; rep++) {
        for (int mode = 0; mode < 2; mode++) {
          Path file = dir.resolve("krnel-sync-" + mode + "-" + rep + ".parquet");
          long start = System.nanoTime();
          ParquetResults.write(
              file, table, ParquetWriteOptions.defaults().withSyncBehind(mode == 1));
          long written = System.nanoTime();
          try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
          }
          long end = System.nanoTime();
          best[mode][0] = Math.min(best[mode][0], (end - start) / 1e9);
          best[mode][1] = Math.min(best[mode][1], (end - written) / 1e9);
          Files.delete(file);
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "write + fsync, best of 5: without SyncBehind %.2f s (final fsync %.2f s), with %.2f s"
            + " (final fsync %.2f s); load average %s%n",
        best[0][0],
        best[0][1],
        best[1][0],
        best[1][1],
        Files.readString(Path.of("/proc/loadavg")).trim());
  }
}
