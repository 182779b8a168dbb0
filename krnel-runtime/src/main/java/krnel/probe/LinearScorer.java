package krnel.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code "kind": "linear"}: {@code row . weights + intercept}, the dot product in double (logistic regression,
 * linear SVC, SGD, passive aggressive). JSON: {@code "weights": [d], "intercept": b}.
 */
public final class LinearScorer implements Scorer {
  private final double[] weights;
  private final double intercept;

  public LinearScorer(double[] weights, double intercept) {
    this.weights = weights.clone();
    this.intercept = intercept;
  }

  static LinearScorer read(JsonNode node) {
    return new LinearScorer(Json.doubles(node, "weights"), Json.number(node, "intercept"));
  }

  public double[] weights() {
    return weights.clone();
  }

  public double intercept() {
    return intercept;
  }

  @Override
  public String kind() {
    return "linear";
  }

  @Override
  public int features() {
    return weights.length;
  }

  @Override
  public double score(float[] row) {
    return dot(row, weights) + intercept;
  }

  static double dot(float[] row, double[] weights) {
    double z = 0;
    for (int j = 0; j < weights.length; j++) {
      z += row[j] * weights[j];
    }
    return z;
  }

  @Override
  public void write(ObjectNode node) {
    node.set("weights", Json.array(weights));
    node.put("intercept", intercept);
  }
}
