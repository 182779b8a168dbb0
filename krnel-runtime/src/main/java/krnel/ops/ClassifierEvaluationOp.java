package krnel.ops;

import krnel.annotations.Check;
import krnel.annotations.Nullable;
import krnel.annotations.OmitWhenNull;
import krnel.annotations.Op;
import krnel.graph.OpValidationException;
import krnel.types.BooleanColumn;
import krnel.types.EvaluationReport;
import krnel.types.LabelColumn;
import krnel.types.ScoreColumn;

/** Metrics of scores against ground truth, per value of {@code split}. Build it with {@code score.evaluate(...)}. */
@Op(fluent = Op.NONE)
public interface ClassifierEvaluationOp extends EvaluationReport {
  ScoreColumn score();

  BooleanColumn gtPositives();

  BooleanColumn gtNegatives();

  /** A train/test split or categorical column; null evaluates all rows as one split, {@code "all"}. */
  @Nullable
  LabelColumn split();

  @Nullable
  BooleanColumn predictDomain();

  @Nullable
  Double scoreThreshold();

  /**
   * Krnel for Java only: the split value (e.g. {@code "train"}) on which thresholds are chosen, to be
   * applied unchanged to every split, so that the test split never tunes them. Null keeps the
   * reference's behaviour and the reference's uuid.
   */
  @Nullable
  @OmitWhenNull
  String thresholdSplit();

  @Check
  default void checkOneThresholdChoice() {
    if (scoreThreshold() != null && thresholdSplit() != null) {
      throw new OpValidationException("ClassifierEvaluationOp: score_threshold (" + scoreThreshold()
          + ") and threshold_split ('" + thresholdSplit() + "') both choose the threshold; set only one of them");
    }
  }
}
