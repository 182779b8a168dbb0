package krnel.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 made the writer and reader faster without changing the format: a file written before
 * (at commit 90f6382, kept in {@code src/test/resources/store/}) is what the writer still writes,
 * byte for byte, and reads back to the same values.
 */
class WrittenBytesTest {
  @TempDir Path dir;

  @Test
  void theWriterStillWritesTheBytesItWroteBeforeAndReadsThemBack() throws Exception {
    Path before = Path.of(WrittenBytesTest.class.getResource("/store/krnel-java-vectors-90f6382.parquet").toURI());
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot table = TestTables.vectors(allocator, 700, 24, 17)) {
      Path now = dir.resolve("now.parquet");
      ParquetResults.write(
          now, table, ParquetWriteOptions.defaults().withPageBytes(20_000).withRowGroupRows(300));
      assertArrayEquals(Files.readAllBytes(before), Files.readAllBytes(now));
      try (VectorSchemaRoot back = ParquetResults.read(before, allocator)) {
        assertEquals(table.contentToTSVString(), back.contentToTSVString());
      }
    }
  }
}
