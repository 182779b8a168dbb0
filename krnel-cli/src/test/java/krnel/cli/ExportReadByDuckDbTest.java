package krnel.cli;

import static krnel.cli.CliRun.krnel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import krnel.runner.Runner;
import krnel.store.ParquetResults;
import krnel.types.Dataset;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code krnel export-table} writes is read by another engine, DuckDB (its JDBC driver, in-process): the Parquet
 * file with its column names and types (a vector as a {@code FLOAT[]} list) and the values our own reader reads, and the
 * CSV file (RFC 4180, vectors as JSON arrays) with the same values, text with quotes, commas and line breaks included.
 */
class ExportReadByDuckDbTest {
  @TempDir Path dir;

  @Test
  void duckDbReadsTheExampleExportedAsParquetAndAsCsv() throws Exception {
    String store = dir.resolve("store").toString();
    Path parquet = dir.resolve("mails.parquet");
    Path csv = dir.resolve("mails.csv");
    for (Path file : List.of(parquet, csv)) {
      CliRun export = krnel("export-table", "-s", "text", "-s", "spam", "-s", "activations", "-o", file.toString(),
          "--store", store, "-f", ResultsCliTest.EXAMPLE);
      CliRun.assertNoStackTrace(export);
      assertEquals(0, export.code(), export.err());
    }
    List<String> texts = new ArrayList<>();
    List<Boolean> spam = new ArrayList<>();
    List<float[]> activations = new ArrayList<>();
    try (RootAllocator allocator = new RootAllocator(); VectorSchemaRoot rows = ParquetResults.read(parquet, allocator)) {
      FixedSizeListVector vectors = (FixedSizeListVector) rows.getVector("activations");
      for (int row = 0; row < rows.getRowCount(); row++) {
        texts.add(rows.getVector("text").getObject(row).toString());
        spam.add((Boolean) rows.getVector("spam").getObject(row));
        List<?> vector = vectors.getObject(row);
        float[] values = new float[vector.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = ((Number) vector.get(i)).floatValue();
        }
        activations.add(values);
      }
    }
    assertEquals(6, texts.size());

    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      // Parquet has no fixed-size list: DuckDB reads the vectors as lists (FLOAT[]), each of the model's 384 floats
      assertEquals(List.of("text VARCHAR", "spam BOOLEAN", "activations FLOAT[]"), columnTypes(duck, "read_parquet(?)", parquet));
      // the CSV's vectors are JSON text; DuckDB casts a JSON array to FLOAT[384] itself
      for (String source : List.of("SELECT text, spam, activations FROM read_parquet(?)",
          "SELECT text, spam, CAST(activations AS FLOAT[384]) FROM read_csv(?, header = true)")) {
        Path file = source.contains("parquet") ? parquet : csv;
        try (PreparedStatement query = duck.prepareStatement(source)) {
          query.setString(1, file.toString());
          try (ResultSet result = query.executeQuery()) {
            for (int row = 0; row < texts.size(); row++) {
              assertEquals(true, result.next(), file + " has " + row + " rows");
              assertEquals(texts.get(row), result.getString(1), file + " row " + row);
              assertEquals(spam.get(row), result.getBoolean(2), file + " row " + row);
              assertArrayEquals(activations.get(row), floats(result.getArray(3)), file + " row " + row);
            }
            assertEquals(false, result.next(), file + " has more rows than the export");
          }
        }
      }
    }
  }

  @Test
  void duckDbReadsTextThatCsvMustQuote() throws Exception {
    List<String> texts = List.of("plain", "a, comma", "she said \"no\"", "two\nlines", "crlf\r\nend", "ünïcødé ✓ 😀",
        "  spaces  ");
    Path parquet = dir.resolve("texts.parquet");
    Path csv = dir.resolve("texts.csv");
    try (Runner runner = Runner.memory()) {
      Dataset data = runner.fromInlineDataset(Map.of("text", texts,
          "v", texts.stream().map(t -> List.of((double) t.length(), 0.1, -2.5e-8)).toList()));
      Map<String, krnel.graph.OpSpec> columns = new LinkedHashMap<>();
      columns.put("text", data.colText("text"));
      columns.put("v", data.colVector("v"));
      runner.export(parquet, columns);
      runner.export(csv, columns);
    }
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      assertEquals(List.of("text VARCHAR", "v FLOAT[]"), columnTypes(duck, "read_parquet(?)", parquet));
      for (String source : List.of("SELECT text, v FROM read_parquet(?)",
          "SELECT text, CAST(v AS FLOAT[3]) FROM read_csv(?, header = true, columns = {'text': 'VARCHAR', 'v': 'VARCHAR'})")) {
        Path file = source.contains("parquet") ? parquet : csv;
        try (PreparedStatement query = duck.prepareStatement(source)) {
          query.setString(1, file.toString());
          try (ResultSet result = query.executeQuery()) {
            for (String text : texts) {
              assertEquals(true, result.next(), file + ": fewer rows than written");
              assertEquals(text, result.getString(1), file.toString());
              assertArrayEquals(new float[] {text.length(), 0.1f, -2.5e-8f}, floats(result.getArray(2)), file.toString());
            }
            assertEquals(false, result.next(), file + ": more rows than written");
          }
        }
      }
    }
  }

  /** "name TYPE" of each column of {@code SELECT * FROM <source>}, in order, as DuckDB sees them. */
  private static List<String> columnTypes(Connection duck, String source, Path file) throws SQLException {
    List<String> types = new ArrayList<>();
    try (PreparedStatement describe = duck.prepareStatement("DESCRIBE SELECT * FROM " + source)) {
      describe.setString(1, file.toString());
      try (ResultSet result = describe.executeQuery()) {
        while (result.next()) {
          types.add(result.getString("column_name") + " " + result.getString("column_type"));
        }
      }
    }
    return types;
  }

  private static float[] floats(Array array) throws SQLException {
    Object[] values = (Object[]) array.getArray();
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = ((Number) values[i]).floatValue();
    }
    return out;
  }
}
