package krnel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reader of a slice skips the row groups before it without reading them. */
class ParquetReaderSkipTest {
  @TempDir Path dir;

  @Test
  void skipsWholeRowGroupsBeforeARow() throws IOException {
    Path file = dir.resolve("groups.parquet");
    try (BufferAllocator allocator = new RootAllocator()) {
      try (VectorSchemaRoot table = TestTables.vectors(allocator, 30, 2, 1)) {
        ParquetResults.write(file, table, ParquetWriteOptions.defaults().withRowGroupRows(10));
        try (ParquetResultReader reader = ParquetResultReader.open(file, allocator, 4)) {
          assertEquals(20, reader.skipRowGroupsBefore(25));
          assertTrue(reader.loadNextBatch());
          assertEquals(table.getVector(0).getObject(20), reader.getVectorSchemaRoot().getVector(0).getObject(0));
          long rows = reader.getVectorSchemaRoot().getRowCount();
          while (reader.loadNextBatch()) {
            rows += reader.getVectorSchemaRoot().getRowCount();
          }
          assertEquals(10, rows);
          assertThrows(IllegalStateException.class, () -> reader.skipRowGroupsBefore(0));
        }
      }
      try (ParquetResultReader reader = ParquetResultReader.open(file, allocator)) {
        assertEquals(30, reader.skipRowGroupsBefore(30));
        assertFalse(reader.loadNextBatch());
      }
      try (ParquetResultReader reader = ParquetResultReader.open(file, allocator)) {
        assertEquals(10, reader.skipRowGroupsBefore(10));
      }
    }
  }
}
