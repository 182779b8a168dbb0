package krnel.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parts of a result, however the rows were cut, merge into the bytes of the result written at once. */
class ParquetResultMergerTest {
  private static final int GROUP = ParquetWriteOptions.defaults().rowGroupRows();
  private final BufferAllocator allocator = new RootAllocator();
  @TempDir Path dir;

  @AfterEach
  void close() {
    allocator.close();
  }

  /** Writes {@code table} whole and as parts cut at {@code cuts}, merges the parts, and compares. */
  private ParquetResultMerger.Merged mergeAndCompare(VectorSchemaRoot table, int... cuts) throws IOException {
    Path whole = dir.resolve("whole.parquet");
    ParquetResults.write(whole, table);
    List<Path> parts = new ArrayList<>();
    int from = 0;
    for (int i = 0; i <= cuts.length; i++) {
      int to = i < cuts.length ? cuts[i] : table.getRowCount();
      Path part = dir.resolve("part-" + i + ".parquet");
      // the table's own schema: Arrow renames a slice's list children ($data$)
      try (VectorSchemaRoot slice = table.slice(from, to - from);
          VectorSchemaRoot rows = new VectorSchemaRoot(table.getSchema(), slice.getFieldVectors(), slice.getRowCount())) {
        ParquetResults.write(part, rows);
      }
      parts.add(part);
      from = to;
    }
    Path merged = dir.resolve("merged.parquet");
    ParquetResultMerger.Merged result = ParquetResultMerger.merge(parts, merged, allocator);
    assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(merged), "merged bytes differ from the whole file's");
    assertEquals(table.getRowCount(), result.rows());
    return result;
  }

  @Test
  void smallPartsOfEveryTypeAreReencodedIntoTheSameBytes() throws IOException {
    try (VectorSchemaRoot table = TestTables.allTypes(allocator)) {
      int rows = table.getRowCount();
      assertEquals(new ParquetResultMerger.Merged(rows, 0, 1), mergeAndCompare(table, 1, 1, rows / 2, rows - 1));
      assertEquals(new ParquetResultMerger.Merged(rows, 1, 0), mergeAndCompare(table));
    }
  }

  @Test
  void partsCutOnRowGroupsAreCopiedAndOthersReencoded() throws IOException {
    try (VectorSchemaRoot table = TestTables.vectors(allocator, 2 * GROUP + 1000, 4, 7)) {
      assertEquals(new ParquetResultMerger.Merged(table.getRowCount(), 3, 0), mergeAndCompare(table, GROUP, 2 * GROUP));
      assertEquals(new ParquetResultMerger.Merged(table.getRowCount(), 1, 2), mergeAndCompare(table, GROUP, GROUP + 10, GROUP + 20));
      assertEquals(new ParquetResultMerger.Merged(table.getRowCount(), 0, 3), mergeAndCompare(table, 5000, 2 * GROUP + 999));
    }
  }

  @Test
  void emptyPartsAndAnEmptyResult() throws IOException {
    try (VectorSchemaRoot table = TestTables.vectors(allocator, 10, 3, 1)) {
      assertEquals(new ParquetResultMerger.Merged(10, 0, 1), mergeAndCompare(table, 0, 0, 4, 4, 10));
    }
    try (VectorSchemaRoot empty = TestTables.vectors(allocator, 0, 3, 1)) {
      assertEquals(new ParquetResultMerger.Merged(0, 0, 0), mergeAndCompare(empty, 0, 0));
    }
  }

  @Test
  void partsOfDifferentSchemasAreRefused() throws IOException {
    Path a = dir.resolve("a.parquet");
    Path b = dir.resolve("b.parquet");
    try (VectorSchemaRoot three = TestTables.vectors(allocator, 2, 3, 1);
        VectorSchemaRoot four = TestTables.vectors(allocator, 2, 4, 1)) {
      ParquetResults.write(a, three);
      ParquetResults.write(b, four);
    }
    IOException e = assertThrows(IOException.class, () -> ParquetResultMerger.merge(List.of(a, b), dir.resolve("m.parquet"), allocator));
    assertEquals("Part " + b + " has another schema than " + a + ": the parts of one result must come from the same implementation", e.getMessage());
  }
}
