package krnel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files written by Arrow C++ (pyarrow's writer) and arrow-rs, committed under {@code
 * src/test/resources/store/} with the scripts that made them (see the README there).
 */
class ReferenceFilesTest {
  private BufferAllocator allocator;

  @BeforeEach
  void allocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void noLeaks() {
    allocator.close();
  }

  static Path resource(String name) throws URISyntaxException {
    return Path.of(ReferenceFilesTest.class.getResource("/store/" + name).toURI());
  }

  private static Set<Encoding> encodings(FileMetaData footer) {
    Set<Encoding> all = new HashSet<>();
    for (RowGroup group : footer.getRow_groups()) {
      for (ColumnChunk chunk : group.getColumns()) {
        all.addAll(chunk.getMeta_data().getEncodings());
      }
    }
    return all;
  }

  @Test
  void arrowCppFileOfEveryTypeReadsAsPyarrowWouldWithoutArrowSchema() throws Exception {
    Path file = resource("cpp-all-types.parquet");
    assertTrue(encodings(FooterInspection.footer(file)).contains(Encoding.RLE_DICTIONARY));
    try (VectorSchemaRoot expected = TestTables.allTypes(allocator);
        VectorSchemaRoot actual = ParquetResults.read(file, allocator)) {
      FixedSizeListVector vector = (FixedSizeListVector) expected.getVector("vector");
      vector.setNotNull(1);
      Float4Vector values = (Float4Vector) vector.getDataVector();
      values.set(3, 1f);
      values.set(4, 2f);
      values.set(5, 3f);
      Schema schema = actual.getSchema();
      assertEquals(
          new ArrowType.List(),
          schema.findField("vector").getType(),
          "no ARROW:schema, so the fixed-size list comes back as a list");
      assertEquals("element", schema.findField("tokens").getChildren().get(0).getName());
      assertEquals(
          new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"), schema.findField("ts").getType());
      assertEquals(new ArrowType.Int(32, false), schema.findField("u32").getType());
      assertEquals(new ArrowType.FixedSizeBinary(2), schema.findField("fixed").getType());
      assertEquals(false, schema.findField("id").isNullable());
      assertEquals(ParquetRoundTripTest.describe(expected), ParquetRoundTripTest.describe(actual));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"arrowrs-zstd.parquet", "arrowrs-dictionary-v2.parquet", "arrowrs-snappy.parquet"})
  void arrowRsFilesRestoreTheFixedSizeListAndEveryValue(String name) throws Exception {
    Path file = resource(name);
    try (VectorSchemaRoot actual = ParquetResults.read(file, allocator)) {
      Schema schema = actual.getSchema();
      assertEquals(
          List.of("vector", "id", "text", "flag", "score"),
          schema.getFields().stream().map(f -> f.getName()).toList());
      assertEquals(new ArrowType.FixedSizeList(4), schema.findField("vector").getType());
      assertEquals(300, actual.getRowCount());
      for (int i = 0; i < 300; i++) {
        List<Float> vector =
            List.of(
                (float) (i * 0.5 - 3),
                (float) (i * 0.5 + 1 / 8.0 - 3),
                (float) (i * 0.5 + 2 / 8.0 - 3),
                (float) (i * 0.5 + 3 / 8.0 - 3));
        assertEquals(vector, actual.getVector("vector").getObject(i), "vector " + i);
        assertEquals(i * 1_000_000_007L - 5, actual.getVector("id").getObject(i), "id " + i);
        Object text = actual.getVector("text").getObject(i);
        assertEquals(i % 7 == 3 ? null : "row " + i + " é✓", text == null ? null : text.toString());
        assertEquals(i % 5 == 1 ? null : i % 3 == 0, actual.getVector("flag").getObject(i));
        assertEquals(i % 11 == 4 ? null : i / 4.0 - 10, actual.getVector("score").getObject(i));
      }
    }
  }

  @Test
  void pyarrowFloat16VectorsAndListsOfVectorsReadAsWritten() throws Exception {
    try (VectorSchemaRoot table = ParquetResults.read(resource("pyarrow-float16-tokens.parquet"), allocator)) {
      assertEquals(4, table.getRowCount());
      assertEquals(new ArrowType.FixedSizeList(3), table.getVector("half").getField().getType());
      Float2Vector half = (Float2Vector) ((FixedSizeListVector) table.getVector("half")).getDataVector();
      for (int i = 0; i < 4; i++) {
        assertEquals(i + 0.5f, half.getValueAsFloat(3 * i));
        assertEquals(-i / 4f, half.getValueAsFloat(3 * i + 1));
        assertEquals(i == 3 ? 65504f : 0.33325195f, half.getValueAsFloat(3 * i + 2)); // float16(1/3)
      }
      ListVector tokens = (ListVector) table.getVector("tokens");
      assertInstanceOf(FixedSizeListVector.class, tokens.getDataVector());
      assertEquals("[[0.0,1.0],[2.0,3.0],[4.0,5.0]]", tokens.getObject(0).toString());
      assertTrue(tokens.isNull(1));
      assertEquals(0, tokens.getObject(2).size());
      assertEquals("[[-1.5,2.25]]", tokens.getObject(3).toString());
    }
  }

  @Test
  void duckdbFixedSizeArrayWithANullRowReadsAsDuckdbReadsIt() throws Exception {
    // DuckDB writes the NULL row of a FLOAT[3] column as 3 level entries; DuckDB reads it back as one null row
    Path file = resource("duckdb-fixed-array-null.parquet");
    assertEquals(12, FooterInspection.footer(file).getRow_groups().get(0).getColumns().get(1).getMeta_data().getNum_values());
    try (VectorSchemaRoot table = ParquetResults.read(file, allocator)) {
      assertEquals(4, table.getRowCount());
      assertEquals("[0.5,1.0,1.5]|null|[2.5,3.0,3.5]|[4.0,null,5.0]",
          String.join("|", java.util.stream.IntStream.range(0, 4)
              .mapToObj(i -> String.valueOf(table.getVector("v").getObject(i))).toList()));
      assertEquals("[0, 1, 2, 3]", java.util.stream.IntStream.range(0, 4)
          .mapToObj(i -> table.getVector("id").getObject(i)).toList().toString());
      assertEquals("[a, b, null, d]", java.util.stream.IntStream.range(0, 4)
          .mapToObj(i -> String.valueOf(table.getVector("s").getObject(i))).toList().toString());
    }
  }

  @Test
  void theReferenceFilesCoverWhatTheyClaim() throws Exception {
    FileMetaData zstd = FooterInspection.footer(resource("arrowrs-zstd.parquet"));
    assertEquals(
        CompressionCodec.ZSTD,
        zstd.getRow_groups().get(0).getColumns().get(0).getMeta_data().getCodec());
    FileMetaData v2 = FooterInspection.footer(resource("arrowrs-dictionary-v2.parquet"));
    assertEquals(3, v2.getRow_groupsSize());
    assertTrue(
        encodings(v2)
            .containsAll(
                Set.of(
                    Encoding.RLE_DICTIONARY,
                    Encoding.PLAIN,
                    Encoding.DELTA_BINARY_PACKED,
                    Encoding.DELTA_BYTE_ARRAY)),
        encodings(v2).toString());
    FileMetaData snappy = FooterInspection.footer(resource("arrowrs-snappy.parquet"));
    assertEquals(
        CompressionCodec.SNAPPY,
        snappy.getRow_groups().get(0).getColumns().get(0).getMeta_data().getCodec());
  }

  @Test
  void streamingInSmallBatchesCrossesPagesAndRowGroups() throws Exception {
    Path file = resource("arrowrs-dictionary-v2.parquet");
    try (VectorSchemaRoot whole = ParquetResults.read(file, allocator);
        ParquetResultReader reader = ParquetResultReader.open(file, allocator, 37)) {
      int row = 0;
      while (reader.loadNextBatch()) {
        VectorSchemaRoot batch = reader.getVectorSchemaRoot();
        for (int r = 0; r < batch.getRowCount(); r++, row++) {
          for (String column : List.of("vector", "id", "text", "flag", "score")) {
            assertEquals(
                String.valueOf(whole.getVector(column).getObject(row)),
                String.valueOf(batch.getVector(column).getObject(r)),
                column + " row " + row);
          }
        }
      }
      assertEquals(300, row);
    }
  }
}
