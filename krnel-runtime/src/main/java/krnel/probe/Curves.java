package krnel.probe;

import java.util.Arrays;

/**
 * Curves as values, for pictures and reports: exactly the points of scikit-learn's {@code roc_curve} (with its
 * default {@code drop_intermediate=True}) and {@code precision_recall_curve} (its default
 * {@code drop_intermediate=False}), and score histograms by label. They are recomputed from a split's scores
 * rather than stored, so {@code ClassifierEvaluationOp}'s {@code result.json} stays the reference's.
 */
public final class Curves {
  private Curves() {}

  /** {@code roc_curve(y_true, y_score)}: {@code thresholds[0]} is +inf, as scikit-learn 1.3 and later. */
  public record Roc(double[] fpr, double[] tpr, double[] thresholds) {}

  /** {@code precision_recall_curve(y_true, y_score)}: thresholds increasing, one fewer than the points. */
  public record PrecisionRecall(double[] precision, double[] recall, double[] thresholds) {}

  /** Counts of scores in {@code bins} equal-width bins over [min, max] of all scores, by label. */
  public record Histogram(double[] edges, long[] positives, long[] negatives) {}

  public static Roc roc(double[] score, boolean[] yTrue) {
    requireBothLabels(yTrue);
    Metrics.Curve c = Metrics.rocCurve(score, yTrue, true);
    double[] thresholds = new double[c.thresholds.length + 1];
    thresholds[0] = Double.POSITIVE_INFINITY;
    System.arraycopy(c.thresholds, 0, thresholds, 1, c.thresholds.length);
    return new Roc(c.fpr, c.tpr, thresholds);
  }

  public static PrecisionRecall precisionRecall(double[] score, boolean[] yTrue) {
    Metrics.Curve c = Metrics.precisionRecallCurve(score, yTrue, false);
    return new PrecisionRecall(c.precision, c.recall, c.thresholds);
  }

  public static Histogram histogram(double[] score, boolean[] yTrue, int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("histogram bins must be at least 1, got " + bins);
    }
    double min = Arrays.stream(score).min().orElse(0);
    double max = Arrays.stream(score).max().orElse(1);
    if (max == min) {
      max = min + 1;
    }
    double[] edges = new double[bins + 1];
    for (int i = 0; i <= bins; i++) {
      edges[i] = min + (max - min) * i / bins;
    }
    long[] pos = new long[bins];
    long[] neg = new long[bins];
    for (int i = 0; i < score.length; i++) {
      int b = (int) Math.min(bins - 1, Math.floor((score[i] - min) / (max - min) * bins));
      if (yTrue[i]) {
        pos[b]++;
      } else {
        neg[b]++;
      }
    }
    return new Histogram(edges, pos, neg);
  }

  private static void requireBothLabels(boolean[] yTrue) {
    boolean p = false;
    boolean n = false;
    for (boolean y : yTrue) {
      p |= y;
      n |= !y;
    }
    if (!p || !n) {
      throw new IllegalArgumentException("a ROC curve needs both positive and negative rows; this split has only "
          + (p ? "positives" : "negatives"));
    }
  }
}
