package krnel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.dataset.file.FileSystemDatasetFactory;
import org.apache.arrow.dataset.jni.NativeMemoryPool;
import org.apache.arrow.dataset.scanner.ScanOptions;
import org.apache.arrow.dataset.scanner.Scanner;
import org.apache.arrow.dataset.source.Dataset;
import org.apache.arrow.dataset.source.DatasetFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written with the store's options, floats BYTE_STREAM_SPLIT at zstd level 1 included, read
 * back by two readers that share no code with this package: Arrow C++ (the reader pyarrow, and so
 * the Python krnel-graph, uses), through arrow-dataset's JNI, and DuckDB, through its JDBC driver.
 * Every float and double is compared bit for bit with what was written.
 */
class IndependentReadersTest {
  private static final List<String> FLOAT_COLUMNS = List.of("score", "vector", "json", "f32");

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

  /**
   * The all-types table, but with row 1's vector present: Arrow C++ reads no null fixed-size-list
   * rows (apache/arrow#35692).
   */
  private VectorSchemaRoot allTypes() {
    VectorSchemaRoot table = TestTables.allTypes(allocator);
    FixedSizeListVector vector = (FixedSizeListVector) table.getVector("vector");
    vector.setNotNull(1);
    Float4Vector values = (Float4Vector) vector.getDataVector();
    values.set(3, 1f);
    values.set(4, -0f);
    values.set(5, Float.MIN_VALUE);
    return table;
  }

  /** Several row groups of several pages each, so that page and chunk boundaries are read too. */
  private static final ParquetWriteOptions MANY_PAGES =
      ParquetWriteOptions.defaults().withRowGroupRows(1_000).withPageBytes(16 << 10);

  private Path write(String name, VectorSchemaRoot table, ParquetWriteOptions options)
      throws Exception {
    Path file = dir.resolve(name);
    ParquetResults.write(file, table, options);
    return file;
  }

  @Test
  void floatColumnsAreWrittenByteStreamSplit() throws Exception {
    try (VectorSchemaRoot table = allTypes()) {
      FileMetaData footer = FooterInspection.footer(write("all.parquet", table, MANY_PAGES));
      Set<String> split = new HashSet<>();
      for (ColumnChunk chunk : footer.getRow_groups().get(0).getColumns()) {
        String path = String.join(".", chunk.getMeta_data().getPath_in_schema());
        boolean isSplit = chunk.getMeta_data().getEncodings().contains(Encoding.BYTE_STREAM_SPLIT);
        boolean isFloat =
            switch (chunk.getMeta_data().getType()) {
              case FLOAT, DOUBLE -> true;
              default -> false;
            };
        assertEquals(isFloat, isSplit, path);
        if (isSplit) {
          split.add(path);
        }
      }
      assertEquals(
          Set.of("score", "vector.list.element", "json.c.list.element", "f32"), split);
    }
  }

  @Test
  void arrowCppReadsWhatTheStoreWrites() throws Exception {
    try (VectorSchemaRoot table = allTypes();
        VectorSchemaRoot vectors = TestTables.vectors(allocator, 3_000, 96, 11)) {
      Path all = write("all.parquet", table, MANY_PAGES);
      List<List<Object>> back = readWithArrowCpp(all, FLOAT_COLUMNS);
      assertEquals(rows(table, FLOAT_COLUMNS), back);

      Path many = write("vectors.parquet", vectors, MANY_PAGES);
      assertEquals(rows(vectors, List.of("vector")), readWithArrowCpp(many, List.of("vector")));
    }
  }

  @Test
  void duckDbReadsWhatTheStoreWrites() throws Exception {
    try (VectorSchemaRoot table = allTypes();
        VectorSchemaRoot vectors = TestTables.vectors(allocator, 3_000, 96, 11);
        Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      Path all = write("all.parquet", table, MANY_PAGES);
      List<List<Object>> back =
          query(duck, "SELECT score, vector, json.c, f32 FROM read_parquet(?) ORDER BY id", all);
      List<List<Object>> expected = new ArrayList<>();
      for (List<Object> row : rows(table, FLOAT_COLUMNS)) {
        // DuckDB selects the struct's float list alone
        Object json = row.get(2);
        Object c = json == null ? null : ((java.util.Map<?, ?>) json).get("c");
        expected.add(Arrays.asList(row.get(0), row.get(1), c, row.get(3)));
      }
      assertEquals(normalize(expected), back);

      Path many = write("vectors.parquet", vectors, MANY_PAGES);
      assertEquals(
          normalize(rows(vectors, List.of("vector"))),
          query(duck, "SELECT vector FROM read_parquet(?)", many));

      Set<String> encodings = new HashSet<>();
      try (PreparedStatement s =
          duck.prepareStatement(
              "SELECT DISTINCT encodings FROM parquet_metadata(?) WHERE path_in_schema = 'vector, list, element'")) {
        s.setString(1, many.toString());
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            encodings.add(r.getString(1));
          }
        }
      }
      assertTrue(
          !encodings.isEmpty() && encodings.stream().allMatch(e -> e.contains("BYTE_STREAM_SPLIT")),
          "DuckDB sees the vector's pages as BYTE_STREAM_SPLIT: " + encodings);
    }
  }

  /** Each row of {@code columns} as Java objects (lists, maps, boxed numbers). */
  private static List<List<Object>> rows(VectorSchemaRoot table, List<String> columns) {
    List<List<Object>> rows = new ArrayList<>();
    for (int r = 0; r < table.getRowCount(); r++) {
      List<Object> row = new ArrayList<>();
      for (String column : columns) {
        row.add(plain(table.getVector(column).getObject(r)));
      }
      rows.add(row);
    }
    return rows;
  }

  /** Arrow's list and map views become plain lists and maps, so that readers' rows compare. */
  private static Object plain(Object value) {
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      for (Object item : list) {
        copy.add(plain(item));
      }
      return copy;
    }
    if (value instanceof java.util.Map<?, ?> map) {
      java.util.Map<Object, Object> copy = new java.util.LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k.toString(), plain(v)));
      return copy;
    }
    if (value instanceof org.apache.arrow.vector.util.Text text) {
      return text.toString();
    }
    return value;
  }

  private List<List<Object>> readWithArrowCpp(Path file, List<String> columns) throws Exception {
    List<List<Object>> rows = new ArrayList<>();
    try (DatasetFactory factory =
            new FileSystemDatasetFactory(
                allocator, NativeMemoryPool.getDefault(), FileFormat.PARQUET,
                file.toUri().toString());
        Dataset dataset = factory.finish();
        Scanner scanner = dataset.newScan(new ScanOptions(1 << 15));
        ArrowReader reader = scanner.scanBatches()) {
      while (reader.loadNextBatch()) {
        VectorSchemaRoot batch = reader.getVectorSchemaRoot();
        for (String column : columns) {
          FieldVector v = batch.getVector(column);
          if (column.equals("vector")) {
            // the ARROW:schema entry makes the list a fixed-size list again, as pyarrow reads it
            assertTrue(v instanceof FixedSizeListVector, "Arrow C++ reads " + v.getField());
          }
        }
        rows.addAll(rows(batch, columns));
      }
    }
    return rows;
  }

  private static List<List<Object>> query(Connection duck, String sql, Path file)
      throws Exception {
    List<List<Object>> rows = new ArrayList<>();
    try (PreparedStatement s = duck.prepareStatement(sql)) {
      s.setString(1, file.toString());
      try (ResultSet r = s.executeQuery()) {
        int n = r.getMetaData().getColumnCount();
        while (r.next()) {
          List<Object> row = new ArrayList<>();
          for (int c = 1; c <= n; c++) {
            Object value = r.getObject(c);
            row.add(normalize(value instanceof Array array ? Arrays.asList((Object[]) array.getArray()) : value));
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /**
   * Numbers as their exact bits (DuckDB's JDBC hands out floats and doubles as they are, so -0,
   * NaN and subnormals must match bit for bit), lists element by element.
   */
  private static Object normalize(Object value) {
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      for (Object item : list) {
        copy.add(normalize(item));
      }
      return copy;
    }
    if (value instanceof Float f) {
      return "f" + Integer.toHexString(Float.floatToRawIntBits(f));
    }
    if (value instanceof Double d) {
      return "d" + Long.toHexString(Double.doubleToRawLongBits(d));
    }
    return value;
  }

  private static List<List<Object>> normalize(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>();
    for (List<Object> row : rows) {
      copy.add((List<Object>) normalize((Object) row));
    }
    return copy;
  }
}
