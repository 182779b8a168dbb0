package krnel.probe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metrics of krnel-graph's {@code evaluate_scores}, computed as scikit-learn computes them
 * ({@code precision_recall_curve} with {@code drop_intermediate=True}, {@code average_precision_score},
 * {@code roc_auc_score}, {@code precision_score}/{@code recall_score}/{@code f1_score} with the default
 * {@code zero_division}), plus TPR at a fixed FPR. Differences from the reference, all deliberate:
 *
 * <ul>
 *   <li>split keys are sorted (the reference iterates a Python {@code set});
 *   <li>a NaN value (the average score of an empty split) is written as {@code null}, with a warning;
 *   <li>{@code confusion} always has the four counts, also when labels and predictions are all equal;
 *   <li>{@code tpr@fpr=0.001}, {@code tpr@fpr=0.01}, {@code tpr@fpr=0.05}: the largest TPR of the full ROC
 *       curve ({@code roc_curve(drop_intermediate=False)}) among points with FPR &lt;= the target, i.e. the
 *       threshold chosen on the evaluated split itself (optimistic, like {@code best_accuracy}).
 *   <li>{@code threshold_split} (Java only) chooses the thresholds on one split and applies them to every
 *       split: {@code threshold} (that split's most accurate threshold, chosen as {@code best_accuracy}
 *       chooses it) with {@code accuracy}, {@code confusion}, {@code precision}, {@code recall},
 *       {@code f1} as for a {@code score_threshold}; and {@code tpr@fpr=f} and {@code fpr@fpr=f}, the TPR
 *       and FPR this split gets at the threshold with the largest TPR at FPR &lt;= f on the chosen split.
 * </ul>
 */
public final class Metrics {
  private Metrics() {}

  /** The recall levels of the {@code precision@r} keys, with their Python spelling. */
  static final double[] RECALLS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999};

  /** The FPR levels of the {@code tpr@fpr=f} keys. */
  static final double[] FPRS = {0.001, 0.01, 0.05};

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** The report of the reference: {@link #evaluate(double[], boolean[], boolean[], List, boolean[], Double, String)} without a threshold split. */
  public static ObjectNode evaluate(double[] scores, boolean[] positives, boolean[] negatives, List<String> splits,
      boolean[] domain, Double threshold) {
    return evaluate(scores, positives, negatives, splits, domain, threshold, null);
  }

  /**
   * The report: one entry per distinct split value, in sorted order.
   *
   * @param splits split value of each row, or null for one split {@code "all"}; a null value is key {@code "null"}
   * @param domain rows to evaluate, or null for all
   * @param threshold the score threshold, or null to pick the most accurate one
   * @param thresholdSplit the split whose thresholds apply to every split, or null
   */
  public static ObjectNode evaluate(double[] scores, boolean[] positives, boolean[] negatives, List<String> splits,
      boolean[] domain, Double threshold, String thresholdSplit) {
    int n = scores.length;
    check("gt_positives", positives.length, n);
    check("gt_negatives", negatives.length, n);
    if (splits != null) {
      check("split", splits.size(), n);
    }
    if (domain != null) {
      check("predict_domain", domain.length, n);
    }
    if (threshold != null && thresholdSplit != null) {
      throw new IllegalArgumentException("score_threshold, threshold_split: both choose the threshold; set only one");
    }
    int both = 0;
    for (int i = 0; i < n; i++) {
      if (positives[i] && negatives[i]) {
        both++;
      }
    }
    if (both > 0) {
      throw new IllegalArgumentException("gt_positives, gt_negatives: Some examples (" + both
          + ") are both positive and negative");
    }
    Map<String, List<Integer>> rowsBySplit = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      String key = splits == null ? "all" : String.valueOf(splits.get(i));
      List<Integer> rows = rowsBySplit.computeIfAbsent(key, k -> new ArrayList<>());
      if ((domain == null || domain[i]) && (positives[i] || negatives[i])) {
        rows.add(i);
      }
    }
    Map<String, Labelled> bySplit = new TreeMap<>();
    rowsBySplit.forEach((key, rows) -> bySplit.put(key, Labelled.of(key, rows, scores, positives)));
    Calibration calibration = null;
    if (thresholdSplit != null) {
      Labelled chosen = bySplit.get(thresholdSplit);
      if (chosen == null) {
        throw new IllegalArgumentException("threshold_split: there is no split '" + thresholdSplit
            + "'; the splits are " + bySplit.keySet());
      }
      calibration = Calibration.on(chosen);
    }
    ObjectNode report = JSON.objectNode();
    for (Map.Entry<String, Labelled> entry : bySplit.entrySet()) {
      report.set(entry.getKey(), split(entry.getValue().score, entry.getValue().yTrue, threshold, calibration));
    }
    return report;
  }

  /** The scores and labels of one split's evaluated rows. */
  private static final class Labelled {
    final double[] score;
    final boolean[] yTrue;

    private Labelled(double[] score, boolean[] yTrue) {
      this.score = score;
      this.yTrue = yTrue;
    }

    static Labelled of(String split, List<Integer> rows, double[] scores, boolean[] positives) {
      double[] s = new double[rows.size()];
      boolean[] y = new boolean[rows.size()];
      for (int k = 0; k < s.length; k++) {
        s[k] = scores[rows.get(k)];
        y[k] = positives[rows.get(k)];
        if (Double.isNaN(s[k])) {
          throw new IllegalArgumentException("score: row " + rows.get(k) + " (split '" + split
              + "') has a NaN score; scikit-learn rejects NaN scores, and so does the evaluation");
        }
      }
      return new Labelled(s, y);
    }
  }

  /** Thresholds chosen on one split: the most accurate one, and one per {@link #FPRS} level. */
  static final class Calibration {
    final double threshold;
    final double[] fprThresholds = new double[FPRS.length];

    private Calibration(double threshold) {
      this.threshold = threshold;
    }

    static Calibration on(Labelled split) {
      int nTrue = 0;
      for (boolean b : split.yTrue) {
        nTrue += b ? 1 : 0;
      }
      if (nTrue == 0 || nTrue == split.yTrue.length) {
        throw new IllegalArgumentException("threshold_split: the chosen split has " + nTrue + " positive and "
            + (split.yTrue.length - nTrue) + " negative rows; choosing a threshold needs both. Choose another split");
      }
      Calibration c = new Calibration(mostAccurate(split.score, split.yTrue).threshold);
      Curve roc = rocCurve(split.score, split.yTrue, false);
      for (int f = 0; f < FPRS.length; f++) {
        int last = 0; // the origin, threshold +inf: nothing is positive
        for (int i = 0; i < roc.fpr.length; i++) {
          if (roc.fpr[i] <= FPRS[f]) {
            last = i;
          }
        }
        c.fprThresholds[f] = last == 0 ? Double.POSITIVE_INFINITY : roc.thresholds[last - 1];
      }
      return c;
    }
  }

  private static void check(String field, int length, int n) {
    if (length != n) {
      throw new IllegalArgumentException(field + ": has " + length + " rows, but score has " + n);
    }
  }

  /** The metrics of one split; {@code calibration}, when not null, gives the thresholds. */
  static ObjectNode split(double[] score, boolean[] yTrue, Double threshold, Calibration calibration) {
    ObjectNode m = JSON.objectNode();
    int count = score.length;
    int nTrue = 0;
    for (boolean b : yTrue) {
      nTrue += b ? 1 : 0;
    }
    m.put("count", count);
    m.put("n_true", nTrue);
    m.put("n_false", count - nTrue);
    putNumber(m, "avg_score", mean(score));
    if (count == 0) {
      warn(m, "No samples in this split");
      nanWarnings(m);
      return m;
    }
    boolean allEqual = nTrue == 0 || nTrue == count;
    String label = nTrue == count ? "True" : "False";
    Curve pr = precisionRecallCurve(score, yTrue, true);
    if (calibration != null) {
      threshold = calibration.threshold;
      putNumber(m, "threshold", threshold);
    }
    if (threshold == null) {
      if (allEqual) {
        warn(m, "Accuracy not defined when all groundtruth labels are " + label + ", set op.score_threshold");
      } else {
        Best best = mostAccurate(score, yTrue, pr);
        putNumber(m, "best_accuracy", best.accuracy);
        putNumber(m, "most_accurate_threshold", best.threshold);
        m.set("best_confusion", confusionNode(best.confusion));
      }
    } else {
      double t = threshold;
      long[] c = confusion(score, yTrue, t);
      long tn = c[0];
      long fp = c[1];
      long fn = c[2];
      long tp = c[3];
      putNumber(m, "accuracy", (double) (tn + tp) / count);
      m.set("confusion", confusionNode(c));
      putNumber(m, "precision", tp + fp == 0 ? 0.0 : (double) tp / (tp + fp));
      putNumber(m, "recall", tp + fn == 0 ? 0.0 : (double) tp / (tp + fn));
      // scikit-learn >= 1.3: (1 + b^2) tp / ((1 + b^2) tp + b^2 fn + fp); 0 when the denominator is 0.
      long denominator = 2 * tp + fn + fp;
      putNumber(m, "f1", denominator == 0 ? 0.0 : 2.0 * tp / denominator);
    }
    if (allEqual) {
      warn(m, "Precision/recall curve not defined when all groundtruth labels are " + label);
    } else {
      putNumber(m, "average_precision", averagePrecision(score, yTrue));
      putNumber(m, "roc_auc", rocAuc(score, yTrue));
      for (double r : RECALLS) {
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < pr.recall.length; i++) {
          if (pr.recall[i] >= r) {
            best = Math.max(best, pr.precision[i]);
          }
        }
        putNumber(m, "precision@" + r, best);
      }
      if (calibration == null) {
        Curve roc = rocCurve(score, yTrue, false);
        for (double f : FPRS) {
          double best = Double.NEGATIVE_INFINITY;
          for (int i = 0; i < roc.fpr.length; i++) {
            if (roc.fpr[i] <= f) {
              best = Math.max(best, roc.tpr[i]);
            }
          }
          putNumber(m, "tpr@fpr=" + f, best);
        }
      } else {
        for (int f = 0; f < FPRS.length; f++) {
          long[] c = confusion(score, yTrue, calibration.fprThresholds[f]);
          putNumber(m, "tpr@fpr=" + FPRS[f], (double) c[3] / (c[3] + c[2]));
          putNumber(m, "fpr@fpr=" + FPRS[f], (double) c[1] / (c[1] + c[0]));
        }
      }
    }
    nanWarnings(m);
    return m;
  }

  /** The most accurate threshold of a split, its accuracy and confusion. */
  private static final class Best {
    double accuracy = Double.NEGATIVE_INFINITY;
    double threshold = Double.NaN;
    long[] confusion;
  }

  private static Best mostAccurate(double[] score, boolean[] yTrue) {
    return mostAccurate(score, yTrue, precisionRecallCurve(score, yTrue, true));
  }

  /**
   * The reference scans the thresholds of the precision/recall curve, then 1.0, in increasing order,
   * and keeps the first strict maximum of accuracy.
   */
  private static Best mostAccurate(double[] score, boolean[] yTrue, Curve pr) {
    double[] thresholds = Arrays.copyOf(pr.thresholds, pr.thresholds.length + 1);
    thresholds[thresholds.length - 1] = 1.0;
    Best best = new Best();
    for (double t : thresholds) {
      long[] c = confusion(score, yTrue, t);
      double accuracy = (double) (c[0] + c[3]) / score.length;
      if (accuracy > best.accuracy) {
        best.accuracy = accuracy;
        best.threshold = t;
        best.confusion = c;
      }
    }
    return best;
  }

  // ------------------------------------------------------------------ curves, as scikit-learn computes them

  /** The output of {@code _binary_clf_curve}, a precision/recall curve, or a ROC curve. */
  static final class Curve {
    double[] fps;
    double[] tps;
    double[] thresholds;
    double[] precision;
    double[] recall;
    double[] fpr;
    double[] tpr;
  }

  /** {@code sklearn.metrics._ranking._binary_clf_curve}: counts at each distinct score, highest first. */
  static Curve binaryClfCurve(double[] score, boolean[] yTrue) {
    int n = score.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    // numpy's argsort(kind="mergesort")[::-1]: stable ascending, then reversed.
    Arrays.sort(order, Comparator.comparingDouble(i -> score[i]));
    int[] desc = new int[n];
    for (int i = 0; i < n; i++) {
      desc[i] = order[n - 1 - i];
    }
    List<Integer> ends = new ArrayList<>();
    for (int i = 0; i < n - 1; i++) {
      if (score[desc[i + 1]] - score[desc[i]] != 0) {
        ends.add(i);
      }
    }
    ends.add(n - 1);
    double[] cumsum = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += yTrue[desc[i]] ? 1 : 0;
      cumsum[i] = sum;
    }
    Curve c = new Curve();
    c.tps = new double[ends.size()];
    c.fps = new double[ends.size()];
    c.thresholds = new double[ends.size()];
    for (int k = 0; k < ends.size(); k++) {
      int i = ends.get(k);
      c.tps[k] = cumsum[i];
      c.fps[k] = 1 + i - cumsum[i];
      c.thresholds[k] = score[desc[i]];
    }
    return c;
  }

  /** {@code precision_recall_curve}; precision and recall in decreasing-threshold-reversed order, as sklearn. */
  static Curve precisionRecallCurve(double[] score, boolean[] yTrue, boolean dropIntermediate) {
    Curve c = binaryClfCurve(score, yTrue);
    if (dropIntermediate && c.fps.length > 2) {
      int m = c.tps.length;
      int[] keep = new int[m];
      int k = 0;
      keep[k++] = 0;
      for (int i = 1; i < m - 1; i++) {
        if (c.tps[i] - c.tps[i - 1] != 0 || c.tps[i + 1] - c.tps[i] != 0) {
          keep[k++] = i;
        }
      }
      keep[k++] = m - 1;
      c = select(c, Arrays.copyOf(keep, k));
    }
    int m = c.tps.length;
    double last = c.tps[m - 1];
    double[] precision = new double[m + 1];
    double[] recall = new double[m + 1];
    double[] thresholds = new double[m];
    for (int i = 0; i < m; i++) {
      int j = m - 1 - i;
      double ps = c.tps[j] + c.fps[j];
      precision[i] = ps != 0 ? c.tps[j] / ps : 0.0;
      recall[i] = last == 0 ? 1.0 : c.tps[j] / last;
      thresholds[i] = c.thresholds[j];
    }
    precision[m] = 1;
    recall[m] = 0;
    Curve out = new Curve();
    out.precision = precision;
    out.recall = recall;
    out.thresholds = thresholds;
    return out;
  }

  private static Curve select(Curve c, int[] keep) {
    Curve s = new Curve();
    s.tps = new double[keep.length];
    s.fps = new double[keep.length];
    s.thresholds = new double[keep.length];
    for (int k = 0; k < keep.length; k++) {
      s.tps[k] = c.tps[keep[k]];
      s.fps[k] = c.fps[keep[k]];
      s.thresholds[k] = c.thresholds[keep[k]];
    }
    return s;
  }

  /**
   * {@code roc_curve}: FPR and TPR from (0, 0), increasing. Needs both labels. {@code thresholds[i]} is the
   * threshold of point {@code i + 1} (the origin's is +inf).
   */
  static Curve rocCurve(double[] score, boolean[] yTrue, boolean dropIntermediate) {
    Curve c = binaryClfCurve(score, yTrue);
    if (dropIntermediate && c.fps.length > 2) {
      int m = c.fps.length;
      int[] keep = new int[m];
      int k = 0;
      keep[k++] = 0;
      for (int i = 1; i < m - 1; i++) {
        double d2f = (c.fps[i + 1] - c.fps[i]) - (c.fps[i] - c.fps[i - 1]);
        double d2t = (c.tps[i + 1] - c.tps[i]) - (c.tps[i] - c.tps[i - 1]);
        if (d2f != 0 || d2t != 0) {
          keep[k++] = i;
        }
      }
      keep[k++] = m - 1;
      c = select(c, Arrays.copyOf(keep, k));
    }
    int m = c.fps.length;
    Curve out = new Curve();
    out.fpr = new double[m + 1];
    out.tpr = new double[m + 1];
    double fpLast = c.fps[m - 1];
    double tpLast = c.tps[m - 1];
    out.thresholds = c.thresholds;
    for (int i = 0; i < m; i++) {
      out.fpr[i + 1] = c.fps[i] / fpLast;
      out.tpr[i + 1] = c.tps[i] / tpLast;
    }
    return out;
  }

  /** {@code roc_auc_score} for binary labels: the trapezoidal area under {@code roc_curve}. */
  static double rocAuc(double[] score, boolean[] yTrue) {
    Curve roc = rocCurve(score, yTrue, true);
    double area = 0;
    for (int i = 0; i + 1 < roc.fpr.length; i++) {
      area += (roc.fpr[i + 1] - roc.fpr[i]) * (roc.tpr[i + 1] + roc.tpr[i]) / 2.0;
    }
    return area;
  }

  /** {@code average_precision_score}: {@code -sum(diff(recall) * precision[:-1])}. */
  static double averagePrecision(double[] score, boolean[] yTrue) {
    Curve pr = precisionRecallCurve(score, yTrue, false);
    double sum = 0;
    for (int i = 0; i + 1 < pr.recall.length; i++) {
      sum += (pr.recall[i + 1] - pr.recall[i]) * pr.precision[i];
    }
    return -sum;
  }

  /** {tn, fp, fn, tp} of {@code score >= threshold}. */
  static long[] confusion(double[] score, boolean[] yTrue, double threshold) {
    long[] c = new long[4];
    for (int i = 0; i < score.length; i++) {
      boolean predicted = score[i] >= threshold;
      c[(yTrue[i] ? 2 : 0) + (predicted ? 1 : 0)]++;
    }
    return c;
  }

  private static ObjectNode confusionNode(long[] c) {
    ObjectNode node = JSON.objectNode();
    node.put("tn", c[0]);
    node.put("fp", c[1]);
    node.put("fn", c[2]);
    node.put("tp", c[3]);
    return node;
  }

  private static double mean(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  private static void putNumber(ObjectNode m, String key, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      m.putNull(key);
      m.withArray("/_nan").add(key);
    } else {
      m.put(key, value);
    }
  }

  /** Turns the keys recorded by {@link #putNumber} into warnings. */
  private static void nanWarnings(ObjectNode m) {
    if (!m.has("_nan")) {
      return;
    }
    ArrayNode keys = (ArrayNode) m.remove("_nan");
    keys.forEach(k -> warn(m, k.asText() + " is NaN (written as null)"));
  }

  private static void warn(ObjectNode m, String warning) {
    m.withArray("/warnings").add(warning);
  }
}
