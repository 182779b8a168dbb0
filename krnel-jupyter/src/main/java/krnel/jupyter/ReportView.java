package krnel.jupyter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import krnel.graph.OpNames;
import krnel.ops.ClassifierEvaluationOp;
import krnel.report.EvaluationCharts;
import krnel.runner.Runner;
import krnel.types.EvaluationReport;

/**
 * An evaluation report: a table of metrics per split, then the ROC and precision-recall curves of
 * every split (one plot each, a curve per split, with the operating point), drawn server-side by the
 * HTML report's {@link EvaluationCharts}: from the evaluation's own inputs, with the rows the report
 * counted, so they match the table's AUROC.
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
      String title = OpNames.given(evaluation).orElse(evaluation.wireName() + " " + OpView.hashPrefix(evaluation));
      EvaluationCharts charts = EvaluationCharts.of(title, evaluation, runner);
      if (charts.hasCurves()) { // a curve needs both labels; the table says why a split has none
        html.append(charts.rocSvg()).append(charts.prSvg()); // beside the tables where the page is wide enough
      }
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
}
