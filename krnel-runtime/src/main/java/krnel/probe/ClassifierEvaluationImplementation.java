package krnel.probe;

import java.util.List;
import krnel.ops.ClassifierEvaluationOp;
import krnel.runner.Columns;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Result;

/**
 * {@code evaluate_scores}: the metrics of {@link Metrics} for each split value (sorted), as a JSON
 * document {@code {split: metrics}}.
 */
public final class ClassifierEvaluationImplementation implements OpImplementation<ClassifierEvaluationOp> {
  @Override
  public Class<ClassifierEvaluationOp> opType() {
    return ClassifierEvaluationOp.class;
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public Result compute(ClassifierEvaluationOp op, Inputs inputs) {
    double[] scores = Columns.doubles(Columns.single(inputs.table(op.score()), "score"), "score");
    boolean[] positives = Columns.booleans(Columns.single(inputs.table(op.gtPositives()), "gt_positives"),
        "gt_positives (Expected bool dtype for gt_positives)");
    boolean[] negatives = Columns.booleans(Columns.single(inputs.table(op.gtNegatives()), "gt_negatives"),
        "gt_negatives (Expected bool dtype for gt_negatives)");
    List<String> splits = op.split() == null
        ? null
        : Columns.strings(Columns.single(inputs.table(op.split()), "split"), "split");
    boolean[] domain = op.predictDomain() == null
        ? null
        : Columns.booleans(Columns.single(inputs.table(op.predictDomain()), "predict_domain"),
            "predict_domain (Expected bool dtype for predict_domain)");
    return Result.json(
        Metrics.evaluate(scores, positives, negatives, splits, domain, op.scoreThreshold(), op.thresholdSplit()));
  }
}
