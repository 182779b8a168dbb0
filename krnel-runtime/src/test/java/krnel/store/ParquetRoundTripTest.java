package krnel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arrow → Parquet → Arrow for every supported column type, nulls, empty tables and batches. */
class ParquetRoundTripTest {
  @TempDir Path dir;
  private BufferAllocator allocator;

  @BeforeEach
  void allocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void noLeaks() {
    allocator.close();
  }

  static void assertSameTable(VectorSchemaRoot expected, VectorSchemaRoot actual) {
    assertEquals(expected.getSchema(), actual.getSchema());
    assertEquals(expected.getRowCount(), actual.getRowCount());
    assertEquals(describe(expected), describe(actual));
    assertTrue(expected.equals(actual), "vectors differ beyond their printed form");
  }

  /** Every cell, with byte arrays spelled out (Arrow prints them as identities). */
  static String describe(VectorSchemaRoot root) {
    StringBuilder s = new StringBuilder();
    for (int r = 0; r < root.getRowCount(); r++) {
      for (var vector : root.getFieldVectors()) {
        Object value = vector.getObject(r);
        s.append(value instanceof byte[] bytes ? java.util.Arrays.toString(bytes) : value)
            .append('\t');
      }
      s.append('\n');
    }
    return s.toString();
  }

  @Test
  void everyColumnTypeWithNullsEmptyListsAndNullStructs() throws Exception {
    Path file = dir.resolve("all.parquet");
    try (VectorSchemaRoot table = TestTables.allTypes(allocator)) {
      ParquetResults.write(file, table);
      try (VectorSchemaRoot back = ParquetResults.read(file, allocator)) {
        assertSameTable(table, back);
      }
    }
  }

  @Test
  void everyColumnTypeUncompressedAndOnOneThread() throws Exception {
    Path file = dir.resolve("plain.parquet");
    ParquetWriteOptions options =
        ParquetWriteOptions.defaults()
            .withCompression(ParquetWriteOptions.Compression.UNCOMPRESSED)
            .withCompressionThreads(0);
    try (VectorSchemaRoot table = TestTables.allTypes(allocator)) {
      ParquetResults.write(file, table, options);
      try (VectorSchemaRoot back = ParquetResults.read(file, allocator)) {
        assertSameTable(table, back);
      }
    }
  }

  @Test
  void tinyPagesSplitListsAcrossManyPages() throws Exception {
    Path file = dir.resolve("tiny-pages.parquet");
    ParquetWriteOptions options =
        ParquetWriteOptions.defaults().withPageBytes(1).withRowGroupRows(3);
    try (VectorSchemaRoot table = TestTables.allTypes(allocator)) {
      ParquetResults.write(file, table, options);
      try (VectorSchemaRoot back = ParquetResults.read(file, allocator)) {
        assertSameTable(table, back);
      }
    }
  }

  @Test
  void fixedSizeListIsRestoredFromArrowSchema() throws Exception {
    Path file = dir.resolve("vectors.parquet");
    try (VectorSchemaRoot table = TestTables.vectors(allocator, 100, 16, 1)) {
      ParquetResults.write(file, table);
      Schema schema = ParquetResults.schema(file, allocator);
      ArrowType type = schema.getFields().get(0).getType();
      assertInstanceOf(ArrowType.FixedSizeList.class, type);
      assertEquals(16, ((ArrowType.FixedSizeList) type).getListSize());
      try (VectorSchemaRoot back = ParquetResults.read(file, allocator)) {
        assertInstanceOf(FixedSizeListVector.class, back.getVector(0));
        assertSameTable(table, back);
      }
    }
  }

  @Test
  void float16VectorsAndListsOfVectorsRoundTrip() throws Exception {
    Path file = dir.resolve("activations.parquet");
    try (VectorSchemaRoot table = TestTables.activations(allocator)) {
      ParquetResults.write(file, table);
      try (VectorSchemaRoot back = ParquetResults.read(file, allocator)) {
        assertSameTable(table, back);
        Float2Vector half = (Float2Vector) ((FixedSizeListVector) back.getVector("half")).getDataVector();
        assertEquals(65504f, half.getValueAsFloat(8));
        assertEquals(0.5f, half.getValueAsFloat(0));
      }
      // Parquet itself: FIXED_LEN_BYTE_ARRAY(2) annotated FLOAT16, as Arrow C++ writes halffloat
      var elements = FooterInspection.footer(file).getSchema().stream()
          .filter(e -> e.getName().equals("element") && e.isSetLogicalType()
              && e.getLogicalType().isSetFLOAT16())
          .toList();
      assertEquals(1, elements.size());
      assertEquals(2, elements.get(0).getType_length());
    }
  }

  @Test
  void emptyTableKeepsItsSchema() throws Exception {
    Path file = dir.resolve("empty.parquet");
    try (VectorSchemaRoot table = VectorSchemaRoot.create(TestTables.allTypesSchema(), allocator)) {
      table.setRowCount(0);
      ParquetResults.write(file, table);
      try (ParquetResultReader reader = ParquetResultReader.open(file, allocator)) {
        assertEquals(0, reader.rowCount());
        assertEquals(0, reader.rowGroupCount());
        assertEquals(TestTables.allTypesSchema(), reader.getVectorSchemaRoot().getSchema());
        assertFalse(reader.loadNextBatch());
      }
      try (VectorSchemaRoot back = ParquetResults.read(file, allocator)) {
        assertEquals(0, back.getRowCount());
        assertEquals(table.getSchema(), back.getSchema());
      }
    }
  }

  @Test
  void streamsBatchesAcrossRowGroupsBothWays() throws Exception {
    Path file = dir.resolve("stream.parquet");
    int dim = 8;
    int rows = 2_500;
    ParquetWriteOptions options = ParquetWriteOptions.defaults().withRowGroupRows(1_000);
    Schema schema;
    try (VectorSchemaRoot first = TestTables.vectors(allocator, 1, dim, 0)) {
      schema = first.getSchema();
    }
    try (ParquetResultWriter writer = ParquetResultWriter.open(file, schema, options)) {
      int written = 0;
      int batch = 0;
      while (written < rows) {
        int n = Math.min(rows - written, 313 + 100 * (batch % 3));
        try (VectorSchemaRoot part = TestTables.vectors(allocator, n, dim, batch++)) {
          writer.write(part);
        }
        written += n;
      }
      assertEquals(rows, writer.rowsWritten());
    }
    try (ParquetResultReader reader = ParquetResultReader.open(file, allocator, 777)) {
      assertEquals(3, reader.rowGroupCount());
      assertEquals(rows, reader.rowCount());
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      int read = 0;
      int batch = 0;
      int offsetInBatch = 0;
      VectorSchemaRoot expected = TestTables.vectors(allocator, 313, dim, 0);
      try {
        while (reader.loadNextBatch()) {
          FixedSizeListVector actual = (FixedSizeListVector) root.getVector(0);
          for (int r = 0; r < root.getRowCount(); r++) {
            if (offsetInBatch == expected.getRowCount()) {
              expected.close();
              batch++;
              expected =
                  TestTables.vectors(
                      allocator, Math.min(rows - read - r, 313 + 100 * (batch % 3)), dim, batch);
              offsetInBatch = 0;
            }
            assertEquals(
                expected.getVector(0).getObject(offsetInBatch),
                actual.getObject(r),
                "row " + (read + r));
            offsetInBatch++;
          }
          read += root.getRowCount();
        }
      } finally {
        expected.close();
      }
      assertEquals(rows, read);
    }
  }

  @Test
  void rowsAreCutIntoGroupsOf65535() throws Exception {
    Path file = dir.resolve("ids.parquet");
    int rows = 150_000;
    Schema schema = new Schema(List.of(TestTables.required("id", TestTables.INT64)));
    try (VectorSchemaRoot table = VectorSchemaRoot.create(schema, allocator)) {
      BigIntVector ids = (BigIntVector) table.getVector(0);
      ids.allocateNew(rows);
      for (int i = 0; i < rows; i++) {
        ids.set(i, i * 3L);
      }
      table.setRowCount(rows);
      ParquetResults.write(file, table);
      try (VectorSchemaRoot back = ParquetResults.read(file, allocator)) {
        assertSameTable(table, back);
      }
    }
    var footer = FooterInspection.footer(file);
    assertEquals(
        List.of(65_535L, 65_535L, 18_930L),
        footer.getRow_groups().stream().map(g -> g.getNum_rows()).toList());
  }
}
