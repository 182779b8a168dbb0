package krnel.ops;

import krnel.annotations.Nullable;
import krnel.annotations.Op;
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
}
