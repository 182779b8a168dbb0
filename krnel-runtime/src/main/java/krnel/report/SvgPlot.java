package krnel.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
    }
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
    marks.append(String.format(Locale.ROOT, "<circle class=\"mark point\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\""
        + " stroke=\"#000\"><title>%s</title></circle>\n", px(x), py(y), colour, escape(tooltip)));
    markCount++;
    return this;
  }

  /** A bar from {@code x0} to {@code x1}, from the x axis to {@code height}. */
  SvgPlot bar(double x0, double x1, double height, String colour, String tooltip) {
    double top = py(height);
    double bottom = py(yMin);
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

  private static String tick(double v) {
    return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  static String escape(String text) {
    return CurvesSvg.escape(text);
  }
}
