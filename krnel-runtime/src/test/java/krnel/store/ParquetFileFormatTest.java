package krnel.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.KeyValue;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.SchemaElement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytes of the files written: codec, levels layout, schema and {@code ARROW:schema}, errors.
 */
class ParquetFileFormatTest {
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

  private Path writeVectors(String name, int rows, int dim) throws Exception {
    Path file = dir.resolve(name);
    try (VectorSchemaRoot table = TestTables.vectors(allocator, rows, dim, 7)) {
      ParquetResults.write(file, table);
    }
    return file;
  }

  @Test
  void pagesAreZstdFramesAndTheFooterSaysSo() throws Exception {
    Path file = writeVectors("v.parquet", 1_000, 768);
    FileMetaData footer = FooterInspection.footer(file);
    ColumnMetaData column = footer.getRow_groups().get(0).getColumns().get(0).getMeta_data();
    assertEquals(CompressionCodec.ZSTD, column.getCodec());
    assertEquals(List.of("vector", "list", "element"), column.getPath_in_schema());
    assertEquals(1_000 * 768, column.getNum_values());
    long[] bodyAt = new long[1];
    PageHeader page = FooterInspection.pageHeader(file, column.getData_page_offset(), bodyAt);
    assertEquals(PageType.DATA_PAGE, page.getType());
    byte[] bytes = Files.readAllBytes(file);
    byte[] zstdMagic = {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD};
    assertArrayEquals(zstdMagic, Arrays.copyOfRange(bytes, (int) bodyAt[0], (int) bodyAt[0] + 4));
    assertTrue(page.getUncompressed_page_size() >= (1 << 20), "pages of about 1 MiB");
    assertTrue(column.getTotal_compressed_size() < column.getTotal_uncompressed_size());
  }

  @Test
  void schemaIsPyarrowsThreeLevelListWithArrowSchemaEntry() throws Exception {
    Path file = writeVectors("v.parquet", 10, 4);
    FileMetaData footer = FooterInspection.footer(file);
    List<SchemaElement> schema = footer.getSchema();
    assertEquals(4, schema.size());
    assertEquals("schema", schema.get(0).getName());
    assertEquals(FieldRepetitionType.OPTIONAL, schema.get(1).getRepetition_type());
    assertEquals(ConvertedType.LIST, schema.get(1).getConverted_type());
    assertTrue(schema.get(1).getLogicalType().isSetLIST());
    assertEquals("list", schema.get(2).getName());
    assertEquals(FieldRepetitionType.REPEATED, schema.get(2).getRepetition_type());
    assertEquals("element", schema.get(3).getName());
    assertEquals(org.apache.parquet.format.Type.FLOAT, schema.get(3).getType());

    KeyValue entry = footer.getKey_value_metadata().get(footer.getKey_value_metadataSize() - 1);
    assertEquals("ARROW:schema", entry.getKey());
    byte[] ipc = Base64.getDecoder().decode(entry.getValue());
    assertArrayEquals(new byte[] {-1, -1, -1, -1}, Arrays.copyOf(ipc, 4), "continuation marker");
    assertEquals(0, ipc.length % 8, "IPC messages are padded to 8 bytes");
    Schema decoded = ArrowSchemaMetadata.decode(entry.getValue());
    assertEquals(new ArrowType.FixedSizeList(4), decoded.getFields().get(0).getType());
  }

  @Test
  void withoutArrowSchemaListsStayLists() throws Exception {
    Path file = writeVectors("v.parquet", 5, 3);
    FileMetaData footer = FooterInspection.footer(file);
    footer.getKey_value_metadata().removeIf(kv -> kv.getKey().equals("ARROW:schema"));
    Path bare = dir.resolve("bare.parquet");
    FooterInspection.replaceFooter(file, bare, footer);
    try (VectorSchemaRoot original = TestTables.vectors(allocator, 5, 3, 7);
        VectorSchemaRoot back = ParquetResults.read(bare, allocator)) {
      Field field = back.getSchema().getFields().get(0);
      assertEquals(ArrowType.List.INSTANCE, field.getType());
      assertEquals("element", field.getChildren().get(0).getName());
      assertInstanceOf(ListVector.class, back.getVector(0));
      for (int r = 0; r < 5; r++) {
        assertEquals(original.getVector(0).getObject(r), back.getVector(0).getObject(r));
      }
    }
  }

  @Test
  void schemaMetadataIsKeptInArrowSchemaAndAsKeyValues() throws Exception {
    Path file = dir.resolve("meta.parquet");
    try (VectorSchemaRoot vectors = TestTables.vectors(allocator, 2, 2, 1)) {
      Schema schema =
          new Schema(vectors.getSchema().getFields(), java.util.Map.of("krnel", "{\"v\": 1}"));
      try (VectorSchemaRoot table = new VectorSchemaRoot(schema, vectors.getFieldVectors(), 2)) {
        ParquetResults.write(file, table);
      }
    }
    FileMetaData footer = FooterInspection.footer(file);
    assertEquals("krnel", footer.getKey_value_metadata().get(0).getKey());
    assertEquals(
        java.util.Map.of("krnel", "{\"v\": 1}"),
        ParquetResults.schema(file, allocator).getCustomMetadata());
  }

  @Test
  void unsupportedTypeIsRefusedNamingFileAndColumn() {
    Path file = dir.resolve("bad.parquet");
    Schema schema =
        new Schema(
            List.of(
                TestTables.nullable(
                    "when",
                    new ArrowType.Time(org.apache.arrow.vector.types.TimeUnit.MILLISECOND, 32))));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ParquetResultWriter.open(file, schema));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("'when'"), e.getMessage());
  }

  @Test
  void invalidUtf8IsRefusedNamingColumnAndRow() throws Exception {
    Path file = dir.resolve("utf8.parquet");
    Field field = TestTables.nullable("text", ArrowType.Utf8.INSTANCE);
    try (VectorSchemaRoot table = VectorSchemaRoot.create(new Schema(List.of(field)), allocator)) {
      org.apache.arrow.vector.VarCharVector text = (org.apache.arrow.vector.VarCharVector) table.getVector(0);
      text.allocateNew();
      text.setSafe(0, "ok".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      text.setSafe(1, "é, ü and ✓".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      text.setSafe(2, new byte[] {'a', (byte) 0xC3, '('}); // a lead byte without its continuation
      text.setValueCount(3);
      table.setRowCount(3);
      ParquetResults.write(file, table);
    }
    ParquetFormatException e =
        assertThrows(ParquetFormatException.class, () -> ParquetResults.read(file, allocator).close());
    assertTrue(e.getMessage().contains("column 'text', row 2"), e.getMessage());
    assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
  }

  @Test
  void garbageAndTruncatedFilesAreRefusedNamingTheFile() throws Exception {
    Path garbage = dir.resolve("garbage.parquet");
    Files.write(
        garbage, "this is not parquet at all".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    ParquetFormatException e =
        assertThrows(ParquetFormatException.class, () -> ParquetResults.read(garbage, allocator));
    assertTrue(e.getMessage().startsWith(garbage.toString()), e.getMessage());

    Path file = writeVectors("v.parquet", 1_000, 64);
    byte[] bytes = Files.readAllBytes(file);
    Path cut = dir.resolve("cut.parquet");
    byte[] damaged = bytes.clone();
    Arrays.fill(damaged, 4, 4 + 100_000, (byte) 0x55);
    Files.write(cut, damaged);
    ParquetFormatException broken =
        assertThrows(
            ParquetFormatException.class, () -> ParquetResults.read(cut, allocator).close());
    assertTrue(broken.getMessage().startsWith(cut.toString()), broken.getMessage());
    assertTrue(broken.getMessage().contains("vector"), broken.getMessage());
  }

  @Test
  void aBatchWithAnotherSchemaIsRefused() throws Exception {
    Path file = dir.resolve("w.parquet");
    try (VectorSchemaRoot four = TestTables.vectors(allocator, 2, 4, 1);
        VectorSchemaRoot five = TestTables.vectors(allocator, 2, 5, 1);
        ParquetResultWriter writer = ParquetResultWriter.open(file, four.getSchema())) {
      writer.write(four);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> writer.write(five));
      assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }
  }
}
