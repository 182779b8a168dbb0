package krnel.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import krnel.ops.ClassifierEvaluationOp;
import krnel.probe.Curves;
import krnel.runner.Runner;

/**
 * The pictures of one {@code ClassifierEvaluationOp}: per split its ROC and PR curves with the operating point (the
 * threshold the stored report used: {@code threshold_split}'s, the given {@code score_threshold}, else the most
 * accurate one), score histograms by label, the confusion matrix and the metrics table. Curves are recomputed from
 * the scores, which the store holds, with the rows the evaluation used (its domain, labelled rows only). The report
 * and the notebook's {@code show(evaluation)} (krnel-jupyter) both draw their curves with it.
 *
 * <pre>{@code
 * EvaluationCharts charts = EvaluationCharts.of("probe", evaluation, runner);
 * String svg = charts.rocSvg() + charts.prSvg();
 * }</pre>
 */
public final class EvaluationCharts {
  static final int BINS = 20;
  static final double[] FPRS = {0.001, 0.01, 0.05};
  private static final String POSITIVE = "#d62728";
  private static final String NEGATIVE = "#1f77b4";

  /** The most groups a breakdown lists; the rest are counted in a note, so a column of ids cannot swell the file. */
  static final int MAX_GROUPS = 50;

  /** A categorical column of the evaluated rows, by its name in the report: one value per row of the dataset. */
  record Grouping(String column, List<String> values) {}

  /** One split's evaluated rows; {@code rows} are their indices in the dataset. */
  record Split(String name, int[] rows, double[] score, boolean[] yTrue, JsonNode metrics) {
    boolean hasBothLabels() {
      boolean p = false;
      boolean n = false;
      for (boolean y : yTrue) {
        p |= y;
        n |= !y;
      }
      return p && n;
    }

    /** The threshold of the stored report, or NaN where it has none (a split with one label). */
    double threshold(Double given) {
      if (metrics.has("threshold")) {
        return metrics.get("threshold").asDouble();
      }
      if (given != null) {
        return given;
      }
      return metrics.has("most_accurate_threshold") ? metrics.get("most_accurate_threshold").asDouble() : Double.NaN;
    }

    /** {tn, fp, fn, tp} at {@code threshold} (score >= threshold is positive, as in the metrics). */
    long[] confusion(double threshold) {
      long[] c = new long[4];
      for (int i = 0; i < score.length; i++) {
        c[(yTrue[i] ? 2 : 0) + (score[i] >= threshold ? 1 : 0)]++;
      }
      return c;
    }

    /** {tn, fp, fn, tp} at {@code threshold} for each value of {@code groups} among this split's rows, by value. */
    Map<String, long[]> confusionByGroup(double threshold, List<String> groups) {
      Map<String, long[]> byGroup = new TreeMap<>();
      for (int i = 0; i < score.length; i++) {
        String group = groups.get(rows[i]);
        long[] c = byGroup.computeIfAbsent(group == null ? "(missing)" : group, k -> new long[4]);
        c[(yTrue[i] ? 2 : 0) + (score[i] >= threshold ? 1 : 0)]++;
      }
      return byGroup;
    }
  }

  final String name;
  final ClassifierEvaluationOp op;
  final List<Split> splits;
  final List<Grouping> groupings;

  private EvaluationCharts(String name, ClassifierEvaluationOp op, List<Split> splits, List<Grouping> groupings) {
    this.name = name;
    this.op = op;
    this.splits = splits;
    this.groupings = groupings;
  }

  /**
   * The charts of {@code op}, titled {@code name}, from the stored report and scores: {@code op} must be computed
   * (its inputs are read, and ephemeral ones computed).
   */
  public static EvaluationCharts of(String name, ClassifierEvaluationOp op, Runner runner) {
    return of(name, op, runner, List.of());
  }

  /** The charts of {@code op}, with a confusion breakdown by each of {@code groupings} (columns of the same rows). */
  static EvaluationCharts of(String name, ClassifierEvaluationOp op, Runner runner, List<Grouping> groupings) {
    JsonNode report = runner.toJson(op);
    double[] scores = runner.toDoubleArray(op.score());
    boolean[] positives = runner.toBooleanArray(op.gtPositives());
    boolean[] negatives = runner.toBooleanArray(op.gtNegatives());
    List<String> split = op.split() == null ? null : runner.toStrings(op.split());
    boolean[] domain = op.predictDomain() == null ? null : runner.toBooleanArray(op.predictDomain());
    Map<String, List<Integer>> rows = new TreeMap<>();
    for (int i = 0; i < scores.length; i++) {
      if ((domain == null || domain[i]) && (positives[i] || negatives[i])) {
        rows.computeIfAbsent(split == null ? "all" : String.valueOf(split.get(i)), k -> new ArrayList<>()).add(i);
      }
    }
    for (Grouping grouping : groupings) {
      if (grouping.values().size() != scores.length) {
        throw new IllegalArgumentException("report of " + name + ": the group column " + grouping.column() + " has "
            + grouping.values().size() + " rows and the score " + scores.length + "; give a column of the dataset the"
            + " evaluation scores");
      }
    }
    List<Split> splits = new ArrayList<>();
    rows.forEach((key, indices) -> {
      int[] r = indices.stream().mapToInt(Integer::intValue).toArray();
      double[] s = new double[r.length];
      boolean[] y = new boolean[r.length];
      for (int k = 0; k < r.length; k++) {
        s[k] = scores[r[k]];
        y[k] = positives[r[k]];
      }
      splits.add(new Split(key, r, s, y, report.path(key)));
    });
    return new EvaluationCharts(name, op, splits, List.copyOf(groupings));
  }

  /** The splits a ROC can be drawn for. */
  List<Split> curveSplits() {
    return splits.stream().filter(Split::hasBothLabels).toList();
  }

  /** Whether some split has both labels, so that the ROC and PR plots have a curve (else they are empty axes). */
  public boolean hasCurves() {
    return !curveSplits().isEmpty();
  }

  /** ROC curves, one per split that has both labels, each with its operating point. */
  public String rocSvg() {
    return rocPlot().svg();
  }

  SvgPlot rocPlot() {
    SvgPlot plot = new SvgPlot("roc", "ROC: " + name, "false positive rate", "true positive rate", 0, 1, 0, 1);
    plot.line("chance", new double[] {0, 1}, new double[] {0, 1}, "#bbb", true);
    int k = 0;
    for (Split split : curveSplits()) {
      String colour = SvgPlot.COLOURS[k++ % SvgPlot.COLOURS.length];
      Curves.Roc roc = Curves.roc(split.score, split.yTrue);
      plot.line(split.name + String.format(Locale.ROOT, " (AUROC %.4f)", split.metrics.path("roc_auc").asDouble()),
          roc.fpr(), roc.tpr(), colour, false).legend(split.name, colour);
      double t = split.threshold(op.scoreThreshold());
      if (!Double.isNaN(t)) {
        long[] c = split.confusion(t);
        plot.point(String.format(Locale.ROOT, "%s: threshold %.4g, FPR %.4f, TPR %.4f", split.name, t,
            rate(c[1], c[0]), rate(c[3], c[2])), rate(c[1], c[0]), rate(c[3], c[2]), colour);
      }
    }
    return plot;
  }

  /** Precision against recall, one curve per split that has both labels, each with its operating point. */
  public String prSvg() {
    return prPlot().svg();
  }

  SvgPlot prPlot() {
    SvgPlot plot = new SvgPlot("pr", "Precision-recall: " + name, "recall", "precision", 0, 1, 0, 1);
    int k = 0;
    for (Split split : curveSplits()) {
      String colour = SvgPlot.COLOURS[k++ % SvgPlot.COLOURS.length];
      Curves.PrecisionRecall pr = Curves.precisionRecall(split.score, split.yTrue);
      plot.line(split.name + String.format(Locale.ROOT, " (AP %.4f)", split.metrics.path("average_precision").asDouble()),
          pr.recall(), pr.precision(), colour, false).legend(split.name, colour);
      double t = split.threshold(op.scoreThreshold());
      if (!Double.isNaN(t)) {
        long[] c = split.confusion(t);
        double precision = c[3] + c[1] == 0 ? 1 : rate(c[3], c[1]);
        plot.point(String.format(Locale.ROOT, "%s: threshold %.4g, recall %.4f, precision %.4f", split.name, t,
            rate(c[3], c[2]), precision), rate(c[3], c[2]), precision, colour);
      }
    }
    return plot;
  }

  /** Score histograms of one split, positives and negatives overlaid: {@value #BINS} bars each. */
  String histogramSvg(Split split) {
    return histogramPlot(split).svg();
  }

  SvgPlot histogramPlot(Split split) {
    Curves.Histogram h = Curves.histogram(split.score, split.yTrue, BINS);
    long highest = 1;
    for (int i = 0; i < BINS; i++) {
      highest = Math.max(highest, Math.max(h.positives()[i], h.negatives()[i]));
    }
    double[] e = h.edges();
    SvgPlot plot = new SvgPlot("histogram", "Scores, " + split.name + ": " + name, "score", "rows", e[0], e[BINS], 0, highest);
    for (int i = 0; i < BINS; i++) {
      String range = String.format(Locale.ROOT, "[%.4g, %.4g)", e[i], e[i + 1]);
      plot.bar(e[i], e[i + 1], h.negatives()[i], NEGATIVE, "negative, " + range + ": " + h.negatives()[i]);
      plot.bar(e[i], e[i + 1], h.positives()[i], POSITIVE, "positive, " + range + ": " + h.positives()[i]);
    }
    plot.legend("positive", POSITIVE).legend("negative", NEGATIVE);
    return plot;
  }

  /** The confusion matrix of a split at its operating point, as a small HTML table. */
  String confusionHtml(Split split) {
    double t = split.threshold(op.scoreThreshold());
    if (Double.isNaN(t)) {
      return "<p class=\"note\">" + SvgPlot.escape(split.name) + ": no threshold (one label only)</p>";
    }
    long[] c = split.confusion(t);
    return String.format(Locale.ROOT, "<table class=\"confusion\"><caption>%s, threshold %.4g</caption>"
            + "<tr><th></th><th>predicted negative</th><th>predicted positive</th></tr>"
            + "<tr><th>negative</th><td class=\"tn\">%d</td><td class=\"fp\">%d</td></tr>"
            + "<tr><th>positive</th><td class=\"fn\">%d</td><td class=\"tp\">%d</td></tr></table>",
        SvgPlot.escape(split.name), t, c[0], c[1], c[2], c[3]);
  }

  /**
   * Per group column, the confusion counts of each group of a split at the split's operating point (the threshold of
   * its confusion matrix): which groups the probe gets wrong. Empty where the split has no threshold.
   */
  String groupsHtml(Split split) {
    double t = split.threshold(op.scoreThreshold());
    StringBuilder s = new StringBuilder();
    if (Double.isNaN(t)) {
      return "";
    }
    for (Grouping grouping : groupings) {
      Map<String, long[]> byGroup = split.confusionByGroup(t, grouping.values());
      s.append(String.format(Locale.ROOT, "<table class=\"confusion-groups\"><caption>%s by %s, threshold %.4g</caption>"
              + "<tr><th>group</th><th>rows</th><th title=\"negative, predicted negative\">TN</th>"
              + "<th title=\"negative, predicted positive\">FP</th><th title=\"positive, predicted negative\">FN</th>"
              + "<th title=\"positive, predicted positive\">TP</th><th>accuracy</th></tr>",
          SvgPlot.escape(split.name), SvgPlot.escape(grouping.column()), t));
      int shown = 0;
      for (Map.Entry<String, long[]> group : byGroup.entrySet()) {
        if (shown++ == MAX_GROUPS) {
          s.append("<tr><td colspan=\"7\" class=\"note\">and ").append(byGroup.size() - MAX_GROUPS)
              .append(" more groups</td></tr>");
          break;
        }
        long[] c = group.getValue();
        long rows = c[0] + c[1] + c[2] + c[3];
        s.append(String.format(Locale.ROOT, "<tr><th>%s</th><td>%d</td><td class=\"tn\">%d</td><td class=\"fp\">%d</td>"
                + "<td class=\"fn\">%d</td><td class=\"tp\">%d</td><td>%.4f</td></tr>",
            SvgPlot.escape(group.getKey()), rows, c[0], c[1], c[2], c[3], (double) (c[0] + c[3]) / rows));
      }
      s.append("</table>");
    }
    return s.toString();
  }

  /** Per split: counts, AUROC, AP, accuracy, TPR at fixed FPRs and precision at recall levels, from the stored report. */
  String metricsHtml() {
    List<String> keys = new ArrayList<>(List.of("count", "n_true", "roc_auc", "average_precision", "best_accuracy",
        "accuracy", "threshold", "most_accurate_threshold"));
    for (double f : FPRS) {
      keys.add("tpr@fpr=" + f);
    }
    keys.addAll(List.of("precision@0.5", "precision@0.9", "precision@0.99"));
    StringBuilder s = new StringBuilder("<table class=\"metrics\"><tr><th>metric</th>");
    splits.forEach(split -> s.append("<th>").append(SvgPlot.escape(split.name)).append("</th>"));
    s.append("</tr>");
    for (String key : keys) {
      if (splits.stream().noneMatch(split -> split.metrics.has(key))) {
        continue;
      }
      s.append("<tr><th>").append(key).append("</th>");
      for (Split split : splits) {
        JsonNode v = split.metrics.get(key);
        s.append("<td>").append(v == null ? "" : v.isIntegralNumber() ? v.asText()
            : String.format(Locale.ROOT, "%.4f", v.asDouble())).append("</td>");
      }
      s.append("</tr>");
    }
    return s.append("</table>").toString();
  }

  /** Every split of every evaluation on one ROC plot: the comparison of several probes. */
  static String overlaySvg(List<EvaluationCharts> evaluations) {
    return overlayPlot(evaluations).svg();
  }

  static SvgPlot overlayPlot(List<EvaluationCharts> evaluations) {
    SvgPlot plot = new SvgPlot("roc overlay", "ROC of every evaluation", "false positive rate", "true positive rate", 0, 1, 0, 1);
    plot.line("chance", new double[] {0, 1}, new double[] {0, 1}, "#bbb", true);
    int k = 0;
    for (EvaluationCharts evaluation : evaluations) {
      for (Split split : evaluation.curveSplits()) {
        String colour = SvgPlot.COLOURS[k++ % SvgPlot.COLOURS.length];
        String label = evaluation.name + (evaluation.splits.size() > 1 ? " · " + split.name : "");
        Curves.Roc roc = Curves.roc(split.score, split.yTrue);
        plot.line(label + String.format(Locale.ROOT, " (AUROC %.4f)", split.metrics.path("roc_auc").asDouble()),
            roc.fpr(), roc.tpr(), colour, false).legend(DagSvg.cut(label, 40), colour);
      }
    }
    return plot;
  }

  private static double rate(long hits, long misses) {
    return hits + misses == 0 ? 0 : (double) hits / (hits + misses);
  }
}
