package krnel.report;

import java.util.Locale;
import java.util.Map;
import krnel.probe.Curves;

/**
 * Server-side SVG of ROC curves: one polyline per named curve on one plot (the comparison of several probes),
 * so a page or a notebook shows it with no script. Names are the user's, escaped for XML.
 */
public final class CurvesSvg {
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
  private static final int SIZE = 320;
  private static final int PAD = 40;

  private CurvesSvg() {}

  public static String roc(Map<String, Curves.Roc> curves) {
    StringBuilder s = new StringBuilder();
    int w = SIZE + 2 * PAD;
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"krnel-roc\" width=\"").append(w + 140)
        .append("\" height=\"").append(w).append("\" font-family=\"sans-serif\" font-size=\"12\">");
    s.append("<rect x=\"").append(PAD).append("\" y=\"").append(PAD).append("\" width=\"").append(SIZE)
        .append("\" height=\"").append(SIZE).append("\" fill=\"none\" stroke=\"#999\"/>");
    s.append("<line class=\"chance\" x1=\"").append(PAD).append("\" y1=\"").append(PAD + SIZE).append("\" x2=\"")
        .append(PAD + SIZE).append("\" y2=\"").append(PAD).append("\" stroke=\"#ccc\" stroke-dasharray=\"4\"/>");
    s.append("<text x=\"").append(PAD + SIZE / 2).append("\" y=\"").append(w - 8)
        .append("\" text-anchor=\"middle\">false positive rate</text>");
    s.append("<text transform=\"rotate(-90)\" x=\"").append(-(PAD + SIZE / 2)).append("\" y=\"14\"")
        .append(" text-anchor=\"middle\">true positive rate</text>");
    int k = 0;
    for (Map.Entry<String, Curves.Roc> e : curves.entrySet()) {
      String colour = COLOURS[k % COLOURS.length];
      Curves.Roc roc = e.getValue();
      s.append("<polyline class=\"mark\" fill=\"none\" stroke-width=\"2\" stroke=\"").append(colour)
          .append("\" points=\"");
      for (int i = 0; i < roc.fpr().length; i++) {
        s.append(String.format(Locale.ROOT, "%.2f,%.2f ", PAD + roc.fpr()[i] * SIZE, PAD + (1 - roc.tpr()[i]) * SIZE));
      }
      s.append("\"><title>").append(escape(e.getKey())).append("</title></polyline>");
      int y = PAD + 14 + 18 * k;
      s.append("<rect x=\"").append(w).append("\" y=\"").append(y - 9).append("\" width=\"10\" height=\"10\" fill=\"")
          .append(colour).append("\"/><text x=\"").append(w + 16).append("\" y=\"").append(y).append("\">")
          .append(escape(e.getKey())).append("</text>");
      k++;
    }
    return s.append("</svg>").toString();
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
