package krnel.types;

import java.util.function.Consumer;
import krnel.annotations.ColumnType;
import krnel.graph.OpSpec;
import krnel.ops.ImmutableTrainClassifierOp;
import krnel.ops.TrainClassifierOp;
import krnel.ops.VectorToScalarOp;
import krnel.runner.Runner;

/** A column of fixed-length float vectors: activations, embeddings, features. */
@ColumnType
public interface VectorColumn extends OpSpec, VectorColumnFluent {
  /** A linear probe (or other classifier from the registry) trained to separate {@code positives} from the other rows. */
  default TrainClassifierOp trainClassifier(String modelType, BooleanColumn positives) {
    return trainClassifier(modelType, positives, options -> {});
  }

  /**
   * A classifier trained on this column; {@code options} may set the negatives (by default
   * {@code positives.not()}), a training domain, preprocessing and the classifier's params.
   */
  default TrainClassifierOp trainClassifier(
      String modelType, BooleanColumn positives, Consumer<ImmutableTrainClassifierOp.Builder> options) {
    ImmutableTrainClassifierOp.Builder builder = ImmutableTrainClassifierOp.builder()
        .modelType(modelType)
        .x(this)
        .positives(positives)
        .negatives(positives.not());
    options.accept(builder);
    return builder.build();
  }

  /** Component {@code index} of every vector, as a score column. */
  default VectorToScalarOp col(int index) {
    return col(options -> options.colIndex(index));
  }

  /** The vectors, computed by the runner this column's graph was built from. */
  default float[][] toFloatMatrix() {
    return Runner.of(this).toFloatMatrix(this);
  }
}
