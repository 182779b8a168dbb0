package krnel.probe;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The kind-specific half of a {@link ProbeModel}: scores one preprocessed row and writes its own fields of the
 * model's JSON. Each kind reads itself back in {@link ProbeModel#fromJson}. Sealed: a model of another kind could
 * be written but not read back, so a registered trainer returns one of these ({@link LinearScorer} is the simplest).
 */
public sealed interface Scorer
    permits LinearScorer, KernelExpansion, CalibratedEnsemble, NystroemLinear, Forest, GaussianNaiveBayes {
  /** The {@code kind} written to the JSON, e.g. {@code "linear"}. */
  String kind();

  /** The number of features of a row. */
  int features();

  /** The score of one preprocessed row of {@link #features()} floats. */
  double score(float[] row);

  /** Writes this kind's fields into the model's JSON object. */
  void write(ObjectNode node);
}
