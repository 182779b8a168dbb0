package krnel.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import krnel.graph.OpNames;
import krnel.graph.OpSpec;
import krnel.ops.CategoryToBooleanOp;
import krnel.runner.Columns;
import krnel.runner.Runner;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A scatter plot of 2-D points (a UMAP embedding), coloured by category or by value, written as a PNG
 * (java.awt, headless) or as one self-contained HTML file with an inline SVG (one {@code <circle>} per
 * point, its label as a tooltip). No dependency beyond the JDK. PNG text needs a system font, as all
 * of java.awt does; the HTML needs nothing.
 *
 * <pre>{@code
 * ScatterPlot.of(points).categories("label", labels).title("UMAP of layer 6").write(Path.of("umap.png"));
 * }</pre>
 */
public final class ScatterPlot {
  /** Tableau's 10 colours (matplotlib's default cycle), for categories. */
  private static final int[] PALETTE = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2,
      0x7f7f7f, 0xbcbd22, 0x17becf};
  /** Viridis at 0, 1/4, 1/2, 3/4 and 1, interpolated linearly, for values. */
  private static final int[] VIRIDIS = {0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xfde725};
  private static final int WIDTH = 900;
  private static final int HEIGHT = 700;
  private static final int MARGIN = 40;
  private static final int LEGEND_WIDTH = 180;
  private static final double RADIUS = 3.0;
  /** Longest row text in a tooltip: enough to recognise a mail, small enough to keep a report mailable. */
  static final int TOOLTIP_TEXT = 80;

  private final float[][] points;
  private String title = "";
  private String colorName;
  private List<String> categories;
  private double[] values;
  private List<String> texts;

  private ScatterPlot(float[][] points) {
    this.points = points;
  }

  /** A plot of {@code points}, n rows of (x, y), all one colour until told otherwise. */
  public static ScatterPlot of(float[][] points) {
    for (int i = 0; i < points.length; i++) {
      if (points[i].length != 2) {
        throw new IllegalArgumentException("points: row " + i + " has " + points[i].length
            + " coordinates; a scatter plot needs 2 per row");
      }
    }
    return new ScatterPlot(points);
  }

  /**
   * The plot of {@code embedding} (n rows of 2 values), coloured by {@code color}, a column of the same
   * rows: booleans and strings as categories (the reference shows booleans as "false"/"true"), numbers
   * on a colour scale. Both are computed by the runner the embedding was built from.
   */
  public static ScatterPlot of(OpSpec embedding, OpSpec color) {
    Runner runner = Runner.of(embedding);
    return of(runner.toFloatMatrix(embedding)).colorBy(runner, color)
        .title(OpNames.label(embedding) + " coloured by " + columnName(color));
  }

  /**
   * Colours by {@code color}, computed by {@code runner}. A boolean made from categories ({@code label.isIn("spam")})
   * shows the categories themselves ("spam", "ham"), not false/true.
   */
  public ScatterPlot colorBy(Runner runner, OpSpec color) {
    String name = columnName(color);
    OpSpec source = color instanceof CategoryToBooleanOp ? ((CategoryToBooleanOp) color).inputCategory() : color;
    try (VectorSchemaRoot table = runner.toArrow(source)) {
      FieldVector column = Columns.single(table, "color");
      if (column instanceof BitVector) {
        boolean[] flags = Columns.booleans(column, "color");
        List<String> names = new ArrayList<>(flags.length);
        for (boolean flag : flags) {
          names.add(flag ? "true" : "false");
        }
        return categories(name, names);
      }
      if (column instanceof FloatingPointVector || column instanceof BaseIntVector) {
        return values(name, Columns.doubles(column, "color"));
      }
      return categories(name, Columns.strings(column, "color"));
    }
  }

  /**
   * A column's name for the legend: a name given in code, else the selected column's name (of the categories a
   * boolean was made from), else a short form of its pseudocode.
   */
  public static String columnName(OpSpec column) {
    Optional<String> given = OpNames.given(column);
    if (given.isPresent()) {
      return given.get();
    }
    OpSpec source = column instanceof CategoryToBooleanOp ? ((CategoryToBooleanOp) column).inputCategory() : column;
    Object name = source.parameters().get("column_name");
    return name != null ? name.toString() : OpNames.shortCode(column);
  }

  public ScatterPlot title(String title) {
    this.title = title;
    return this;
  }

  /** Colours points by category, one legend entry per distinct value in order of appearance. */
  public ScatterPlot categories(String name, List<String> perPoint) {
    checkLength(name, perPoint.size());
    this.colorName = name;
    this.categories = List.copyOf(perPoint.stream().map(String::valueOf).toList());
    this.values = null;
    return this;
  }

  /** Colours points by value on the viridis scale, with a colour bar. */
  public ScatterPlot values(String name, double[] perPoint) {
    checkLength(name, perPoint.length);
    this.colorName = name;
    this.values = perPoint.clone();
    this.categories = null;
    return this;
  }

  private void checkLength(String name, int length) {
    if (length != points.length) {
      throw new IllegalArgumentException(name + ": has " + length + " rows, but the plot has " + points.length
          + " points; colour by a column of the same dataset");
    }
  }

  /** Writes a PNG for {@code .png}, HTML for {@code .html} or {@code .htm}. */
  public void write(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".png")) {
      writePng(file);
    } else if (name.endsWith(".html") || name.endsWith(".htm")) {
      writeHtml(file);
    } else {
      throw new IllegalArgumentException("file: " + file + " must end in .png or .html");
    }
  }

  public void writePng(Path file) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true"); // no display needed, and none opened
    }
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      Frame frame = frame();
      g.setColor(Color.LIGHT_GRAY);
      g.drawRect(MARGIN, MARGIN, frame.width, frame.height);
      int[] colors = colors();
      for (int i = 0; i < points.length; i++) {
        int rgb = colors[i];
        g.setColor(new Color((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, 190));
        g.fill(new Ellipse2D.Double(frame.x(points[i][0]) - RADIUS, frame.y(points[i][1]) - RADIUS, 2 * RADIUS,
            2 * RADIUS));
      }
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString(title, MARGIN, MARGIN - 14);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      int legendX = MARGIN + frame.width + 20;
      for (LegendEntry entry : legend()) {
        if (entry.rgb != NO_SWATCH) {
          g.setColor(new Color(entry.rgb));
          g.fillRect(legendX, entry.y - 10, 12, 12);
        }
        g.setColor(Color.BLACK);
        g.drawString(entry.label, legendX + 18, entry.y);
      }
    } finally {
      g.dispose();
    }
    try {
      if (!ImageIO.write(image, "png", file.toFile())) {
        throw new IllegalStateException("no PNG writer in this JDK");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  public void writeHtml(Path file) {
    String page = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(title)
        + "</title></head>\n<body style=\"font-family: sans-serif\">\n" + svg() + "</body></html>\n";
    try {
      Files.writeString(file, page, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The plot as one SVG element with no script: one {@code <circle class="mark">} per point, its tooltip a title. */
  public String svg() {
    Frame frame = frame();
    int[] colors = colors();
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"krnel-scatter\""
            + " data-marks=\"%d\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\">%n", points.length, WIDTH, HEIGHT))
        .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"16\" font-weight=\"bold\">%s</text>%n",
            MARGIN, MARGIN - 14, escape(title)))
        .append(String.format(Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#c0c0c0\"/>%n",
            MARGIN, MARGIN, frame.width, frame.height));
    svg.append(String.format(Locale.ROOT, "<g fill-opacity=\"0.75\">%n")); // per point only what differs: a report holds thousands
    for (int i = 0; i < points.length; i++) {
      svg.append(String.format(Locale.ROOT,
          "<circle class=\"mark\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.0f\" fill=\"#%06x\"><title>%s</title></circle>%n",
          frame.x(points[i][0]), frame.y(points[i][1]), RADIUS, colors[i], escape(tooltip(i))));
    }
    svg.append("</g>\n");
    int legendX = MARGIN + frame.width + 20;
    for (LegendEntry entry : legend()) {
      if (entry.rgb != NO_SWATCH) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"#%06x\"/>",
            legendX, entry.y - 10, entry.rgb));
      }
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>%n",
          legendX + 18, entry.y, escape(entry.label)));
    }
    return svg.append("</svg>\n").toString();
  }

  /** Each point's text (e.g. the row's mail), shown in its tooltip, cut to {@value #TOOLTIP_TEXT} characters. */
  public ScatterPlot texts(List<String> perPoint) {
    checkLength("texts", perPoint.size());
    this.texts = perPoint.stream().map(t -> {
      String line = String.valueOf(t).replaceAll("\\s+", " ").strip();
      return line.length() <= TOOLTIP_TEXT ? line : line.substring(0, TOOLTIP_TEXT - 1) + "…";
    }).toList();
    return this;
  }

  private String tooltip(int i) {
    String row = "row " + i + (texts == null ? "" : ": " + texts.get(i));
    if (categories != null) {
      return row + (texts == null ? ": " : " — ") + colorName + " = " + categories.get(i);
    }
    if (values != null) {
      return row + (texts == null ? ": " : " — ") + colorName + " = " + values[i];
    }
    return row;
  }

  /** The plotting area and the mapping of data coordinates into it (y grows upwards). */
  private Frame frame() {
    float minX = Float.POSITIVE_INFINITY;
    float maxX = Float.NEGATIVE_INFINITY;
    float minY = Float.POSITIVE_INFINITY;
    float maxY = Float.NEGATIVE_INFINITY;
    for (float[] p : points) {
      minX = Math.min(minX, p[0]);
      maxX = Math.max(maxX, p[0]);
      minY = Math.min(minY, p[1]);
      maxY = Math.max(maxY, p[1]);
    }
    return new Frame(WIDTH - 2 * MARGIN - LEGEND_WIDTH, HEIGHT - 2 * MARGIN, minX, maxX, minY, maxY);
  }

  private record Frame(int width, int height, float minX, float maxX, float minY, float maxY) {
    private static final double PAD = 10;

    double x(float v) {
      return MARGIN + PAD + (maxX > minX ? (v - minX) / (maxX - minX) * (width - 2 * PAD) : (width - 2 * PAD) / 2.0);
    }

    double y(float v) {
      return MARGIN + height - PAD
          - (maxY > minY ? (v - minY) / (maxY - minY) * (height - 2 * PAD) : (height - 2 * PAD) / 2.0);
    }
  }

  private static final int NO_SWATCH = -1;

  /** A legend line: a colour swatch (unless {@link #NO_SWATCH}, for the heading) and its label. */
  private record LegendEntry(String label, int rgb, int y) {}

  private int[] colors() {
    int[] colors = new int[points.length];
    if (categories != null) {
      Map<String, Integer> index = categoryIndex();
      for (int i = 0; i < colors.length; i++) {
        colors[i] = PALETTE[index.get(categories.get(i)) % PALETTE.length];
      }
    } else if (values != null) {
      double[] range = range();
      for (int i = 0; i < colors.length; i++) {
        colors[i] = viridis(range[1] > range[0] ? (values[i] - range[0]) / (range[1] - range[0]) : 0.5);
      }
    } else {
      java.util.Arrays.fill(colors, PALETTE[0]);
    }
    return colors;
  }

  private Map<String, Integer> categoryIndex() {
    Map<String, Integer> index = new LinkedHashMap<>();
    for (String c : categories) {
      index.putIfAbsent(c, index.size());
    }
    return index;
  }

  private List<LegendEntry> legend() {
    List<LegendEntry> entries = new ArrayList<>();
    int y = MARGIN + 12;
    if (colorName == null) {
      return entries;
    }
    entries.add(new LegendEntry(colorName, NO_SWATCH, y));
    if (categories != null) {
      for (Map.Entry<String, Integer> c : categoryIndex().entrySet()) {
        entries.add(new LegendEntry(c.getKey(), PALETTE[c.getValue() % PALETTE.length], y += 18));
      }
    } else {
      double[] range = range();
      for (int step = 4; step >= 0; step--) {
        double v = range[0] + (range[1] - range[0]) * step / 4;
        entries.add(new LegendEntry(String.format(Locale.ROOT, "%.4g", v), viridis(step / 4.0), y += 18));
      }
    }
    return entries;
  }

  /** Min and max of the finite values. */
  private double[] range() {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      if (Double.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    return min <= max ? new double[] {min, max} : new double[] {0, 0};
  }

  private static int viridis(double t) {
    if (!Double.isFinite(t)) {
      return 0xbbbbbb; // NaN: grey
    }
    double scaled = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
    int lower = Math.min((int) scaled, VIRIDIS.length - 2);
    double f = scaled - lower;
    int rgb = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      int a = (VIRIDIS[lower] >> shift) & 0xff;
      int b = (VIRIDIS[lower + 1] >> shift) & 0xff;
      rgb |= (int) Math.round(a + f * (b - a)) << shift;
    }
    return rgb;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
