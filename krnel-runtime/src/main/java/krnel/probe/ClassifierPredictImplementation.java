package krnel.probe;

import java.util.List;
import java.util.Map;
import krnel.graph.OpSpec;
import krnel.ops.ClassifierPredictOp;
import krnel.runner.Columns;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Result;
import krnel.runner.RowWise;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * {@code decision_function}: the stored {@link ProbeModel}'s score for each row of {@code x}, as a float64 column
 * named by the op's uuid. Every registered model scores: margins (log-odds for logistic regression) for margin
 * models, the probability of class true for {@code naive_bayes}, {@code random_forest} and
 * {@code calibrated_rbf_nusvm} (which krnel-graph cannot score). The column's Arrow field metadata
 * {@value #SCORE_KIND} says which ({@code decision_function} or {@code probability}), as the model's
 * {@code score_kind} does.
 */
public final class ClassifierPredictImplementation
    implements OpImplementation<ClassifierPredictOp>, RowWise<ClassifierPredictOp> {
  /** The field-metadata key of the kind of score. */
  public static final String SCORE_KIND = "krnel:score_kind";

  @Override
  public Class<ClassifierPredictOp> opType() {
    return ClassifierPredictOp.class;
  }

  @Override
  public String version() {
    return "2";
  }

  /** Each score reads only its own row of {@code x}; every slice reads the whole model. */
  @Override
  public List<OpSpec> rowAlignedInputs(ClassifierPredictOp op) {
    return List.of(op.x());
  }

  @Override
  public List<OpSpec> broadcastInputs(ClassifierPredictOp op) {
    return List.of(op.model());
  }

  @Override
  public Result compute(ClassifierPredictOp op, Inputs inputs) {
    ProbeModel model = ProbeModel.fromJson(inputs.json(op.model()));
    float[][] rows = Columns.vectors(Columns.single(inputs.table(op.x()), "x"), "x");
    double[] scores = model.scores(rows);
    FieldType type = new FieldType(true, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), null,
        Map.of(SCORE_KIND, model.scoreKind().wireName()));
    Float8Vector out = new Float8Vector(op.uuid(), type, inputs.allocator());
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
