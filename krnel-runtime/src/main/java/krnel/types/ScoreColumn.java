package krnel.types;

import java.util.function.Consumer;
import krnel.annotations.ColumnType;
import krnel.graph.OpSpec;
import krnel.ops.ClassifierEvaluationOp;
import krnel.ops.ImmutableClassifierEvaluationOp;
import krnel.ops.ImmutablePairwiseArithmeticOp;
import krnel.ops.PairwiseArithmeticOp.Operation;
import krnel.ops.PairwiseArithmeticOp;
import krnel.runner.Runner;

/** A column of numbers, one per row: classifier scores, features. Python's {@code + - * /} are methods. */
@ColumnType
public interface ScoreColumn extends OpSpec, ScoreColumnFluent {
  default PairwiseArithmeticOp plus(ScoreColumn other) {
    return arithmetic(Operation.PLUS, other);
  }

  default PairwiseArithmeticOp minus(ScoreColumn other) {
    return arithmetic(Operation.MINUS, other);
  }

  default PairwiseArithmeticOp times(ScoreColumn other) {
    return arithmetic(Operation.TIMES, other);
  }

  default PairwiseArithmeticOp div(ScoreColumn other) {
    return arithmetic(Operation.DIV, other);
  }

  /** Metrics of these scores against {@code gtPositives}; negatives are the other rows. */
  default ClassifierEvaluationOp evaluate(BooleanColumn gtPositives) {
    return evaluate(gtPositives, options -> {});
  }

  /**
   * Metrics of these scores against {@code gtPositives}; {@code options} may set the negatives (by
   * default {@code gtPositives.not()}), a split column, a domain mask and a score threshold.
   */
  default ClassifierEvaluationOp evaluate(
      BooleanColumn gtPositives, Consumer<ImmutableClassifierEvaluationOp.Builder> options) {
    ImmutableClassifierEvaluationOp.Builder builder = ImmutableClassifierEvaluationOp.builder()
        .score(this)
        .gtPositives(gtPositives)
        .gtNegatives(gtPositives.not());
    options.accept(builder);
    return builder.build();
  }

  private PairwiseArithmeticOp arithmetic(Operation operation, ScoreColumn right) {
    return ImmutablePairwiseArithmeticOp.builder().operation(operation).left(this).right(right).build();
  }

  /** The scores, computed by the runner this column's graph was built from. */
  default double[] toDoubleArray() {
    return Runner.of(this).toDoubleArray(this);
  }
}
