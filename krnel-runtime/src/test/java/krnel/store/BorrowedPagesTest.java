package krnel.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vector pages borrow the batch's memory until they are compressed (see {@link LeafWriter}): the
 * file must not depend on how the rows were cut into batches, nor on what the caller does with a
 * batch once {@code write} has returned.
 */
class BorrowedPagesTest {
  @TempDir Path dir;

  @Test
  void batchesOverwrittenAfterWriteGiveTheBytesOfOneWholeTable() throws Exception {
    int rows = 2_000;
    int dim = 48;
    // pages of 20,000 bytes hold 105 rows of 192 bytes: pages span batches of 7 to 300 rows
    ParquetWriteOptions options =
        ParquetWriteOptions.defaults().withPageBytes(20_000).withRowGroupRows(900);
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot table = TestTables.vectors(allocator, rows, dim, 11)) {
      Path whole = dir.resolve("whole.parquet");
      ParquetResults.write(whole, table, options);
      for (int threads : new int[] {0, 2}) {
        Path cut = dir.resolve("cut-" + threads + ".parquet");
        try (ParquetResultWriter writer =
            ParquetResultWriter.open(cut, table.getSchema(), options.withCompressionThreads(threads))) {
          int[] sizes = {7, 300, 1, 105, 104, 106, 250};
          int row = 0;
          for (int i = 0; row < rows; i++) {
            int take = Math.min(sizes[i % sizes.length], rows - row);
            try (VectorSchemaRoot batch = copyOf(table, row, take, allocator)) {
              writer.write(batch);
              scribble(batch); // what a caller may do with its batch once write returns
            }
            row += take;
          }
        }
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(cut), "threads " + threads);
      }
      try (VectorSchemaRoot back = ParquetResults.read(whole, allocator)) {
        assertEquals(table.contentToTSVString(), back.contentToTSVString());
      }
    }
  }

  /** Rows {@code [from, from + count)} of {@code table} in memory of their own. */
  private static VectorSchemaRoot copyOf(
      VectorSchemaRoot table, int from, int count, BufferAllocator allocator) {
    VectorSchemaRoot copy = VectorSchemaRoot.create(table.getSchema(), allocator);
    FixedSizeListVector source = (FixedSizeListVector) table.getVector(0);
    FixedSizeListVector target = (FixedSizeListVector) copy.getVector(0);
    target.allocateNew();
    for (int i = 0; i < count; i++) {
      target.copyFromSafe(from + i, i, source);
    }
    copy.setRowCount(count);
    return copy;
  }

  private static void scribble(VectorSchemaRoot batch) {
    FixedSizeListVector list = (FixedSizeListVector) batch.getVector(0);
    var data = list.getDataVector().getDataBuffer();
    data.setOne(0, data.capacity());
  }
}
