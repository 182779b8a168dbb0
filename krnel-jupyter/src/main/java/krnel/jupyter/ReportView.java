package krnel.jupyter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import krnel.ops.ClassifierEvaluationOp;
import krnel.probe.Curves;
import krnel.report.CurvesSvg;
import krnel.runner.Runner;
import krnel.types.EvaluationReport;

/**
 * An evaluation report: a table of metrics per split, then the ROC and precision-recall curves of
 * every split (one plot each, a curve per split), drawn server-side. The curves are computed from
 * the evaluation's own inputs with the rows the report counted (positives and negatives, within the
 * predict domain), so they match the table's AUROC.
 */
final class ReportView {
  private ReportView() {}

  static Rich of(Runner runner, EvaluationReport report) {
    JsonNode json = runner.toJson(report);
    StringBuilder html = new StringBuilder("<div class=\"krnel-report\"><div style=\"display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start\">");
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, JsonNode> split : json.properties()) {
      html.append("<table class=\"krnel-split\"><caption><b>").append(Html.escape(split.getKey()))
          .append("</b></caption><tbody>");
      text.append(split.getKey()).append('\n');
      for (Map.Entry<String, JsonNode> metric : split.getValue().properties()) {
        String value = value(metric.getValue());
        html.append("<tr><th style=\"text-align:left\">").append(Html.escape(metric.getKey())).append("</th><td>")
            .append(Html.escape(value)).append("</td></tr>");
        text.append("  ").append(metric.getKey()).append(": ").append(value).append('\n');
      }
      html.append("</tbody></table>");
    }
    if (report instanceof ClassifierEvaluationOp evaluation) {
      Map<String, Labelled> bySplit = labelled(runner, evaluation);
      Map<String, Curves.Roc> roc = new LinkedHashMap<>();
      Map<String, Curves.PrecisionRecall> pr = new LinkedHashMap<>();
      bySplit.forEach((split, rows) -> {
        if (rows.hasBothLabels()) { // a curve needs both; the table says why a split has none
          roc.put(split, Curves.roc(rows.score, rows.positive));
          pr.put(split, Curves.precisionRecall(rows.score, rows.positive));
        }
      });
      html.append(CurvesSvg.roc(roc)).append(PrecisionRecallSvg.of(pr)); // beside the tables where the page is wide enough
    }
    return Rich.text(text.toString()).with("text/html", html.append("</div></div>").toString());
  }

  private static String value(JsonNode node) {
    if (node.isFloatingPointNumber()) {
      return String.format(Locale.ROOT, "%.4f", node.asDouble());
    }
    if (node.isObject()) {
      StringBuilder out = new StringBuilder();
      node.properties().forEach(e -> out.append(out.length() == 0 ? "" : " ").append(e.getKey()).append('=')
          .append(value(e.getValue())));
      return out.toString();
    }
    return node.isTextual() ? node.asText() : node.toString();
  }

  /** The rows of each split that the evaluation counts, as {@code Metrics.evaluate} selects them. */
  private static Map<String, Labelled> labelled(Runner runner, ClassifierEvaluationOp op) {
    double[] score = runner.toDoubleArray(op.score());
    boolean[] positives = runner.toBooleanArray(op.gtPositives());
    boolean[] negatives = runner.toBooleanArray(op.gtNegatives());
    List<String> splits = op.split() == null ? null : runner.toStrings(op.split());
    boolean[] domain = op.predictDomain() == null ? null : runner.toBooleanArray(op.predictDomain());
    Map<String, List<Integer>> rows = new TreeMap<>();
    for (int i = 0; i < score.length; i++) {
      if ((domain == null || domain[i]) && (positives[i] || negatives[i])) {
        rows.computeIfAbsent(splits == null ? "all" : String.valueOf(splits.get(i)), k -> new ArrayList<>()).add(i);
      }
    }
    Map<String, Labelled> out = new LinkedHashMap<>();
    rows.forEach((split, indices) -> out.put(split, new Labelled(indices, score, positives)));
    return out;
  }

  private static final class Labelled {
    final double[] score;
    final boolean[] positive;

    Labelled(List<Integer> rows, double[] allScores, boolean[] allPositives) {
      score = new double[rows.size()];
      positive = new boolean[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        score[i] = allScores[rows.get(i)];
        positive[i] = allPositives[rows.get(i)];
      }
    }

    boolean hasBothLabels() {
      boolean any = false;
      boolean all = true;
      for (boolean p : positive) {
        any |= p;
        all &= p;
      }
      return any && !all;
    }
  }
}
