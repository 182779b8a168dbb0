package krnel.probe;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The kind-specific half of a {@link ProbeModel}: scores one preprocessed row and writes its own fields of the
 * model's JSON. Each built-in kind reads itself back in {@link ProbeModel#fromJson}.
 */
public interface Scorer {
  /** The {@code kind} written to the JSON, e.g. {@code "linear"}. */
  String kind();

  /** The number of features of a row. */
  int features();

  /** The score of one preprocessed row of {@link #features()} floats. */
  double score(float[] row);

  /** Writes this kind's fields into the model's JSON object. */
  void write(ObjectNode node);
}
