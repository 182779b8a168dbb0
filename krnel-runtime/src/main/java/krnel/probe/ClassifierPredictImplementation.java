package krnel.probe;

import krnel.ops.ClassifierPredictOp;
import krnel.runner.Columns;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Result;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * {@code decision_function}: the stored {@link ProbeModel}'s score for each row of {@code x}, as a
 * float64 column named by the op's uuid (margins, i.e. log-odds, for logistic regression).
 */
public final class ClassifierPredictImplementation implements OpImplementation<ClassifierPredictOp> {
  @Override
  public Class<ClassifierPredictOp> opType() {
    return ClassifierPredictOp.class;
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public Result compute(ClassifierPredictOp op, Inputs inputs) {
    ProbeModel model = ProbeModel.fromJson(inputs.json(op.model()));
    float[][] rows = Columns.vectors(Columns.single(inputs.table(op.x()), "x"), "x");
    double[] scores = model.scores(rows);
    Float8Vector out = new Float8Vector(op.uuid(), inputs.allocator());
    try {
      out.allocateNew(scores.length);
      for (int i = 0; i < scores.length; i++) {
        out.set(i, scores[i]);
      }
      out.setValueCount(scores.length);
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
    return Result.table(VectorSchemaRoot.of(out));
  }
}
