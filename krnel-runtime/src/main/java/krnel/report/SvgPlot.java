package krnel.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * One chart as a self-contained SVG string: axes with ticks, then marks (lines, points, bars), each with class
 * {@code mark} and a tooltip, and a legend. The root carries {@code data-marks}, the number of marks, so a test
 * in a browser can check that every mark was drawn. Lines drop points that fall on the pixel of the last one
 * kept, which keeps a report of large splits small without changing the picture.
 */
final class SvgPlot {
  static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
      "#7f7f7f", "#bcbd22", "#17becf"};
  private static final int W = 300;
  private static final int H = 240;
  private static final int LEFT = 48;
  private static final int TOP = 28;
  private static final int BOTTOM = 40;
  private static final int LEGEND = 250;

  private final String cssClass;
  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final double xMin;
  private final double xMax;
  private final double yMin;
  private final double yMax;
  private final StringBuilder marks = new StringBuilder();
  /** The same marks as shapes in pixel coordinates, for {@link #png}: lines, points and bars, in drawing order. */
  private final List<Mark> shapes = new ArrayList<>();

  private record Mark(char kind, double[] xs, double[] ys, String colour) {}
  private final List<String[]> legend = new ArrayList<>();
  private int markCount;

  SvgPlot(String cssClass, String title, String xLabel, String yLabel, double xMin, double xMax, double yMin, double yMax) {
    this.cssClass = cssClass;
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.xMin = xMin;
    this.xMax = xMax > xMin ? xMax : xMin + 1;
    this.yMin = yMin;
    this.yMax = yMax > yMin ? yMax : yMin + 1;
  }

  double px(double x) {
    return LEFT + (x - xMin) / (xMax - xMin) * W;
  }

  double py(double y) {
    return TOP + (1 - (y - yMin) / (yMax - yMin)) * H;
  }

  /** A polyline through (xs[i], ys[i]); {@code dashed} for reference lines, which are not marks. */
  SvgPlot line(String name, double[] xs, double[] ys, String colour, boolean reference) {
    StringBuilder points = new StringBuilder();
    List<double[]> kept = new ArrayList<>();
    long lastX = Long.MIN_VALUE;
    long lastY = Long.MIN_VALUE;
    for (int i = 0; i < xs.length; i++) {
      long x = Math.round(px(xs[i]) * 2);
      long y = Math.round(py(ys[i]) * 2);
      if (x == lastX && y == lastY && i != xs.length - 1) {
        continue; // the same half pixel as the last point kept
      }
      lastX = x;
      lastY = y;
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x / 2.0, y / 2.0));
      kept.add(new double[] {x / 2.0, y / 2.0});
    }
    shapes.add(new Mark(reference ? 'r' : 'l', kept.stream().mapToDouble(p -> p[0]).toArray(),
        kept.stream().mapToDouble(p -> p[1]).toArray(), colour));
    marks.append("<polyline").append(reference ? " class=\"reference\" stroke-dasharray=\"4\" stroke-width=\"1\""
            : " class=\"mark line\" stroke-width=\"2\"")
        .append(" fill=\"none\" stroke=\"").append(colour).append("\" points=\"").append(points.toString().strip())
        .append("\"><title>").append(escape(name)).append("</title></polyline>\n");
    if (!reference) {
      markCount++;
    }
    return this;
  }

  /** A point with a tooltip (an operating point). */
  SvgPlot point(String tooltip, double x, double y, String colour) {
    shapes.add(new Mark('p', new double[] {px(x)}, new double[] {py(y)}, colour));
    marks.append(String.format(Locale.ROOT, "<circle class=\"mark point\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\""
        + " stroke=\"#000\"><title>%s</title></circle>\n", px(x), py(y), colour, escape(tooltip)));
    markCount++;
    return this;
  }

  /** A bar from {@code x0} to {@code x1}, from the x axis to {@code height}. */
  SvgPlot bar(double x0, double x1, double height, String colour, String tooltip) {
    double top = py(height);
    double bottom = py(yMin);
    shapes.add(new Mark('b', new double[] {px(x0), Math.max(0.5, px(x1) - px(x0))}, new double[] {top, bottom - top}, colour));
    marks.append(String.format(Locale.ROOT, "<rect class=\"mark bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
            + " fill=\"%s\" fill-opacity=\"0.55\"><title>%s</title></rect>\n",
        px(x0), top, Math.max(0.5, px(x1) - px(x0)), bottom - top, colour, escape(tooltip)));
    markCount++;
    return this;
  }

  SvgPlot legend(String name, String colour) {
    legend.add(new String[] {name, colour});
    return this;
  }

  int markCount() {
    return markCount;
  }

  String svg() {
    int width = LEFT + W + 16 + LEGEND;
    int height = TOP + H + BOTTOM;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart %s\" data-marks=\"%d\""
        + " width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">\n", cssClass, markCount, width, height));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"13\" font-weight=\"bold\">%s</text>\n",
        LEFT, escape(title)));
    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>\n",
        LEFT, TOP, W, H));
    for (int i = 0; i <= 4; i++) {
      double x = xMin + (xMax - xMin) * i / 4;
      double y = yMin + (yMax - yMin) * i / 4;
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s</text>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\">%s</text>\n",
          px(x), TOP + H + 14, tick(x), LEFT - 4, py(y) + 4, tick(y)));
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
        LEFT + W / 2, TOP + H + 32, escape(xLabel)));
    s.append(String.format(Locale.ROOT, "<text transform=\"rotate(-90)\" x=\"%d\" y=\"12\" text-anchor=\"middle\">%s</text>\n",
        -(TOP + H / 2), escape(yLabel)));
    s.append(marks);
    for (int i = 0; i < legend.size(); i++) {
      int y = TOP + 10 + 16 * i;
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"%d\">%s</text>\n", LEFT + W + 16, y - 9, legend.get(i)[1], LEFT + W + 30, y,
          escape(legend.get(i)[0])));
    }
    return s.append("</svg>").toString();
  }

  /**
   * The same chart as a PNG, drawn with Java2D (headless; text needs a system font, as all of java.awt does), at
   * {@code scale} times the SVG's size: for papers, with no browser.
   */
  void png(Path file, int scale) throws IOException {
    int width = LEFT + W + 16 + LEGEND;
    int height = TOP + H + BOTTOM;
    BufferedImage image = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.scale(scale, scale);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
      g.drawString(title, LEFT, 16);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      g.setColor(new Color(0x999999));
      g.draw(new Rectangle2D.Double(LEFT, TOP, W, H));
      g.setColor(new Color(0x555555));
      for (int i = 0; i <= 4; i++) {
        double x = xMin + (xMax - xMin) * i / 4;
        double y = yMin + (yMax - yMin) * i / 4;
        centred(g, tick(x), px(x), TOP + H + 14);
        g.drawString(tick(y), (float) (LEFT - 4 - g.getFontMetrics().stringWidth(tick(y))), (float) (py(y) + 4));
      }
      g.setColor(Color.BLACK);
      centred(g, xLabel, LEFT + W / 2.0, TOP + H + 32);
      AffineTransform before = g.getTransform();
      g.rotate(-Math.PI / 2);
      centred(g, yLabel, -(TOP + H / 2.0), 12);
      g.setTransform(before);
      for (Mark m : shapes) {
        Color colour = Color.decode(m.colour);
        if (m.kind == 'b') {
          g.setColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 140));
          g.fill(new Rectangle2D.Double(m.xs[0], m.ys[0], m.xs[1], m.ys[1]));
        } else if (m.kind == 'p') {
          Ellipse2D dot = new Ellipse2D.Double(m.xs[0] - 5, m.ys[0] - 5, 10, 10);
          g.setColor(colour);
          g.fill(dot);
          g.setColor(Color.BLACK);
          g.draw(dot);
        } else {
          g.setColor(colour);
          g.setStroke(m.kind == 'r' ? new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 4, new float[] {4}, 0)
              : new BasicStroke(2));
          Path2D path = new Path2D.Double();
          for (int i = 0; i < m.xs.length; i++) {
            if (i == 0) {
              path.moveTo(m.xs[i], m.ys[i]);
            } else {
              path.lineTo(m.xs[i], m.ys[i]);
            }
          }
          g.draw(path);
          g.setStroke(new BasicStroke(1));
        }
      }
      for (int i = 0; i < legend.size(); i++) {
        int y = TOP + 10 + 16 * i;
        g.setColor(Color.decode(legend.get(i)[1]));
        g.fillRect(LEFT + W + 16, y - 9, 10, 10);
        g.setColor(Color.BLACK);
        g.drawString(legend.get(i)[0], LEFT + W + 30, y);
      }
    } finally {
      g.dispose();
    }
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer in this JDK");
    }
  }

  private static void centred(Graphics2D g, String text, double x, double y) {
    g.drawString(text, (float) (x - g.getFontMetrics().stringWidth(text) / 2.0), (float) y);
  }

  private static String tick(double v) {
    return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  static String escape(String text) {
    return CurvesSvg.escape(text);
  }
}
