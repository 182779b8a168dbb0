package krnel.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import krnel.graph.OpSpec;
import krnel.store.ParquetResults;
import krnel.types.VectorColumn;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Writes chosen columns of one row set under the user's names: Parquet (vectors as fixed-size lists, as the
 * store keeps them, which pyarrow, pandas and DuckDB read as arrays) or CSV (RFC 4180; vectors as JSON arrays).
 * The file is written to a temporary name and renamed, so a failed export leaves no half file.
 */
final class TableExport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TableExport() {}

  static void export(Runner runner, Path file, Map<String, ? extends OpSpec> columns) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("export " + file + ": no columns given; map each output name to a column op");
    }
    String format = format(file);
    List<VectorSchemaRoot> views = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator()) {
      try {
        List<Field> fields = new ArrayList<>();
        List<FieldVector> vectors = new ArrayList<>();
        int rows = -1;
        String firstName = null;
        for (Map.Entry<String, ? extends OpSpec> column : columns.entrySet()) {
          String name = column.getKey();
          OpSpec op = column.getValue();
          VectorSchemaRoot view;
          try {
            view = runner.toArrow(op);
          } catch (IllegalStateException e) { // a JSON result: a report or a model, not rows
            throw new IllegalArgumentException("export column '" + name + "': " + op.wireName() + " " + op.uuid()
                + " has a JSON result, not a column; give a column op (text, scores, vectors, labels)", e);
          }
          views.add(view);
          if (view.getFieldVectors().size() != 1) {
            throw new IllegalArgumentException("export column '" + name + "': " + op.wireName() + " " + op.uuid() + " is a table of "
                + view.getFieldVectors().size() + " columns; give one of its columns, e.g. dataset.colText(\"text\")");
          }
          if (rows >= 0 && view.getRowCount() != rows) {
            throw new IllegalArgumentException("export column '" + name + "': " + op.wireName() + " has " + view.getRowCount()
                + " rows but '" + firstName + "' has " + rows + "; export columns of one row set (use subs(train, test) to"
                + " move a column to the other dataset)");
          }
          if (rows < 0) {
            rows = view.getRowCount();
            firstName = name;
          }
          FieldVector vector = view.getFieldVectors().get(0);
          if (op instanceof VectorColumn && vector instanceof ListVector) { // inline JSON vectors: variable lists of doubles
            view = fixedSize(name, op, vector, allocator);
            views.add(view);
            vector = view.getFieldVectors().get(0);
          }
          Field field = vector.getField();
          fields.add(new Field(name, field.getFieldType(), field.getChildren()));
          vectors.add(vector);
        }
        // The renamed fields over the runner's vectors: no copy. Not closed: the views own the vectors.
        VectorSchemaRoot renamed = new VectorSchemaRoot(fields, vectors, rows);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        // a name of our own rather than createTempFile, whose 0600 permissions the renamed file would keep
        Path temporary = parent.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "."
            + System.nanoTime() + ".tmp");
        try {
          if (format.equals("parquet")) {
            ParquetResults.write(temporary, renamed);
          } else {
            writeCsv(temporary, renamed);
          }
          Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
          Files.deleteIfExists(temporary);
        }
      } finally {
        views.forEach(VectorSchemaRoot::close);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("export " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * A vector column as {@code FixedSizeList<float32>}: pyarrow reads it back as one (from the Arrow schema kept in the
   * file); DuckDB, as Parquet has no fixed-size list, as a {@code FLOAT[]} list of n floats per row.
   */
  private static VectorSchemaRoot fixedSize(String name, OpSpec op, FieldVector lists, BufferAllocator allocator) {
    String what = "export column '" + name + "' (" + op.wireName() + " " + op.uuid() + ")";
    float[][] rows = Columns.vectors(lists, what);
    int width = rows.length == 0 ? 0 : rows[0].length;
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != width) {
        throw new IllegalArgumentException(what + ": row " + i + " has " + rows[i].length + " values but row 0 has "
            + width + "; a vector column's rows must all have one length");
      }
    }
    return Columns.vectorTable(name, rows, width, allocator);
  }

  private static String format(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".parquet")) {
      return "parquet";
    }
    if (name.endsWith(".csv")) {
      return "csv";
    }
    throw new IllegalArgumentException("export " + file + ": unknown format; name the file *.parquet or *.csv");
  }

  private static void writeCsv(Path file, VectorSchemaRoot table) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      List<FieldVector> vectors = table.getFieldVectors();
      for (int c = 0; c < vectors.size(); c++) {
        out.write((c == 0 ? "" : ",") + quote(table.getSchema().getFields().get(c).getName()));
      }
      out.write("\r\n");
      for (int row = 0; row < table.getRowCount(); row++) {
        for (int c = 0; c < vectors.size(); c++) {
          out.write((c == 0 ? "" : ",") + cell(vectors.get(c).getObject(row)));
        }
        out.write("\r\n");
      }
    }
  }

  /** A null is an empty cell; a list (a vector) is its JSON array; text is quoted when it must be. */
  private static String cell(Object value) throws IOException {
    if (value == null) {
      return "";
    }
    if (value instanceof List) {
      return quote(JSON.writeValueAsString(value));
    }
    return quote(value.toString());
  }

  private static String quote(String text) {
    boolean plain = text.chars().noneMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r');
    return plain ? text : '"' + text.replace("\"", "\"\"") + '"';
  }
}
