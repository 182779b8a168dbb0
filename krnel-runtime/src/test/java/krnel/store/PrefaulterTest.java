package krnel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding threads fault a fresh buffer in ahead of the assembly, and never write over it. */
class PrefaulterTest {
  @TempDir Path dir;

  @Test
  void touchingNeverOverwritesWhatTheAssemblingThreadWrote() throws Exception {
    long length = (21L << 20) + 12_345; // units of 1 MiB and a partial last one
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (BufferAllocator allocator = new RootAllocator();
        ArrowBuf buffer = allocator.buffer(length)) {
      for (int round = 0; round < 5; round++) {
        buffer.setZero(0, length);
        Prefaulter prefaulter = new Prefaulter(buffer.memoryAddress(), length);
        List<Future<?>> touching = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          touching.add(
              threads.submit(
                  () -> {
                    for (int page = 0; page < 40; page++) {
                      prefaulter.decoded(300_000 + page);
                    }
                  }));
        }
        // the assembling thread writes ranges that start and end inside units, as rows do
        long written = 0;
        while (written < length) {
          long end = Math.min(length, written + 3_072 * 97);
          prefaulter.ready(end);
          buffer.setOne(written, end - written);
          written = end;
        }
        for (Future<?> f : touching) {
          f.get();
        }
        prefaulter.finish();
        prefaulter.decoded(1 << 30); // after finish: claims nothing, touches nothing
        for (long at = 0; at < length; at += 4096) {
          assertEquals((byte) 0xFF, buffer.getByte(at), "round " + round + ", byte " + at);
        }
        assertEquals((byte) 0xFF, buffer.getByte(length - 1));
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aResultLargeEnoughToBePrefaultedReadsBackWholeAndInBatches() throws Exception {
    // 4,000 x 768 float32 = 12.3 MB: above the 8 MiB from which decoding threads fault it in
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot table = TestTables.vectors(allocator, 4_000, 768, 3)) {
      Path file = dir.resolve("large.parquet");
      ParquetResults.write(file, table, ParquetWriteOptions.defaults().withRowGroupRows(1_500));
      ArrowBuf expected = ((FixedSizeListVector) table.getVector(0)).getDataVector().getDataBuffer();
      try (VectorSchemaRoot back = ParquetResults.read(file, allocator)) {
        ArrowBuf actual = ((FixedSizeListVector) back.getVector(0)).getDataVector().getDataBuffer();
        assertEquals(expected.nioBuffer(0, 4_000 * 768 * 4), actual.nioBuffer(0, 4_000 * 768 * 4));
        assertEquals(4_000, back.getRowCount());
        assertEquals(0, back.getVector(0).getNullCount());
      }
      // batches of 3,000 rows (9.2 MB, prefaulted) then 1,000 (in the same, now faulted, buffer)
      try (ParquetResultReader reader = ParquetResultReader.open(file, allocator, 3_000)) {
        VectorSchemaRoot batch = reader.getVectorSchemaRoot();
        int row = 0;
        while (reader.loadNextBatch()) {
          int bytes = batch.getRowCount() * 768 * 4;
          ArrowBuf actual = ((FixedSizeListVector) batch.getVector(0)).getDataVector().getDataBuffer();
          assertEquals(expected.nioBuffer((long) row * 768 * 4, bytes), actual.nioBuffer(0, bytes), "from row " + row);
          assertEquals(0, batch.getVector(0).getNullCount());
          row += batch.getRowCount();
        }
        assertEquals(4_000, row);
      }
    }
  }
}
