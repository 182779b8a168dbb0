package krnel.ops;

import java.util.Map;
import krnel.annotations.Nullable;
import krnel.annotations.Op;
import krnel.types.BooleanColumn;
import krnel.types.Classifier;
import krnel.types.VectorColumn;

/**
 * A classifier from the registry ({@code logistic_regression}, {@code linear_svc}, ...) trained on
 * the rows that are positive or negative (and in {@code trainDomain}, if given). Build it with
 * {@code x.trainClassifier(...)}.
 */
@Op(fluent = Op.NONE)
public interface TrainClassifierOp extends Classifier {
  /** How vectors are scaled before training: not at all, to zero mean and unit variance, or to unit length. */
  enum Preprocessing { NONE, STANDARDIZE, NORMALIZE }

  String modelType();

  VectorColumn x();

  BooleanColumn positives();

  BooleanColumn negatives();

  @Nullable
  BooleanColumn trainDomain();

  default Preprocessing preprocessing() {
    return Preprocessing.NONE;
  }

  /** The classifier's hyper-parameters, e.g. {@code {"C": 0.1}}. */
  default Map<String, Object> params() {
    return Map.of();
  }
}
