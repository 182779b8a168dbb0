package krnel.cli;

import java.io.PrintWriter;
import java.util.List;

/** A plain-text table: the first column left-aligned, the others right-aligned, a rule under the header. */
final class Table {
  private Table() {}

  static void print(PrintWriter out, List<String> header, List<List<String>> rows) {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    line(out, header, widths);
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      rule.append(i == 0 ? "" : "  ").append("━".repeat(widths[i]));
    }
    out.println(rule);
    rows.forEach(row -> line(out, row, widths));
  }

  private static void line(PrintWriter out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      String format = i == 0 ? "%-" + widths[i] + "s" : "  %" + widths[i] + "s";
      line.append(String.format(format, cells.get(i)));
    }
    out.println(line.toString().stripTrailing());
  }
}
