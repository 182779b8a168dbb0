package krnel.jupyter;

import java.util.Locale;
import java.util.Map;
import krnel.probe.Curves;

/**
 * Precision against recall, one polyline per named curve, in the look of krnel.report.CurvesSvg's ROC
 * plot (same size, colours and legend), so the two sit side by side in a report.
 */
final class PrecisionRecallSvg {
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
  private static final int SIZE = 320;
  private static final int PAD = 40;

  private PrecisionRecallSvg() {}

  static String of(Map<String, Curves.PrecisionRecall> curves) {
    int w = SIZE + 2 * PAD;
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"krnel-pr\" width=\"").append(w + 140).append("\" height=\"")
        .append(w).append("\" font-family=\"sans-serif\" font-size=\"12\">");
    s.append("<rect x=\"").append(PAD).append("\" y=\"").append(PAD).append("\" width=\"").append(SIZE)
        .append("\" height=\"").append(SIZE).append("\" fill=\"none\" stroke=\"#999\"/>");
    s.append("<text x=\"").append(PAD + SIZE / 2).append("\" y=\"").append(w - 8).append("\" text-anchor=\"middle\">recall</text>");
    s.append("<text transform=\"rotate(-90)\" x=\"").append(-(PAD + SIZE / 2)).append("\" y=\"14\" text-anchor=\"middle\">precision</text>");
    int k = 0;
    for (Map.Entry<String, Curves.PrecisionRecall> e : curves.entrySet()) {
      String colour = COLOURS[k % COLOURS.length];
      Curves.PrecisionRecall pr = e.getValue();
      s.append("<polyline class=\"mark\" fill=\"none\" stroke-width=\"2\" stroke=\"").append(colour).append("\" points=\"");
      for (int i = 0; i < pr.recall().length; i++) {
        s.append(String.format(Locale.ROOT, "%.2f,%.2f ", PAD + pr.recall()[i] * SIZE, PAD + (1 - pr.precision()[i]) * SIZE));
      }
      s.append("\"><title>").append(Html.escape(e.getKey())).append("</title></polyline>");
      int y = PAD + 14 + 18 * k;
      s.append("<rect x=\"").append(w).append("\" y=\"").append(y - 9).append("\" width=\"10\" height=\"10\" fill=\"")
          .append(colour).append("\"/><text x=\"").append(w + 16).append("\" y=\"").append(y).append("\">")
          .append(Html.escape(e.getKey())).append("</text>");
      k++;
    }
    return s.append("</svg>").toString();
  }
}
