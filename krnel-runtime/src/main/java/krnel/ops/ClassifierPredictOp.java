package krnel.ops;

import krnel.annotations.Op;
import krnel.types.Classifier;
import krnel.types.ScoreColumn;
import krnel.types.VectorColumn;

/** The classifier's score for each row of {@code x}. */
@Op(fluent = "predict")
public interface ClassifierPredictOp extends ScoreColumn {
  Classifier model();

  VectorColumn x();
}
