package krnel.jupyter;

import java.util.List;
import java.util.Locale;
import krnel.graph.OpSpec;
import krnel.runner.Runner;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The first rows of an op's table (a dataset or a column), as an HTML table: long texts and vectors
 * are cut short, so a row of MiniLM activations stays one line. A column named by its op's uuid
 * (as every computed column is) is headed by the op's wire name.
 */
final class TableView {
  private static final int MAX_CHARS = 80;
  private static final int MAX_ELEMENTS = 4;

  private TableView() {}

  static Rich of(Runner runner, OpSpec op, int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("rows(" + op.wireName() + ", " + rows + "): rows must be at least 1");
    }
    try (VectorSchemaRoot table = runner.toArrow(op)) {
      int shown = Math.min(rows, table.getRowCount());
      List<FieldVector> columns = table.getFieldVectors();
      StringBuilder html = new StringBuilder("<div class=\"krnel-table\"><table><thead><tr><th></th>");
      StringBuilder text = new StringBuilder();
      for (FieldVector column : columns) {
        String name = column.getName().equals(op.uuid()) ? op.wireName() : column.getName();
        html.append("<th>").append(Html.escape(name)).append("</th>");
        text.append(name).append('\t');
      }
      html.append("</tr></thead><tbody>");
      text.append('\n');
      for (int row = 0; row < shown; row++) {
        html.append("<tr><th>").append(row).append("</th>");
        for (FieldVector column : columns) {
          String cell = cell(column.getObject(row));
          html.append("<td>").append(Html.escape(cell)).append("</td>");
          text.append(cell).append('\t');
        }
        html.append("</tr>");
        text.append('\n');
      }
      String caption = String.format(Locale.ROOT, "%d of %d rows of %s %s", shown, table.getRowCount(), op.wireName(),
          OpView.hashPrefix(op));
      html.append("</tbody></table><p>").append(Html.escape(caption)).append("</p></div>");
      return Rich.text(text.append(caption).toString()).with("text/html", html.toString());
    }
  }

  private static String cell(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder("[");
      for (int i = 0; i < Math.min(MAX_ELEMENTS, list.size()); i++) {
        out.append(i == 0 ? "" : ", ").append(number(list.get(i)));
      }
      return out.append(list.size() > MAX_ELEMENTS ? ", … " + list.size() + " values]" : "]").toString();
    }
    String text = number(value).replace('\n', ' ');
    return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS - 1) + "…";
  }

  private static String number(Object value) {
    if (value instanceof Float || value instanceof Double) {
      double d = ((Number) value).doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.4g", d);
    }
    return String.valueOf(value);
  }
}
