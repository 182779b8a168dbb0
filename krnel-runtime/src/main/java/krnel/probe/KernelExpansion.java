package krnel.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code "kind": "kernel"}: an RBF kernel machine, {@code sum_i dual_coef_i exp(-gamma ||sv_i - x||^2) + intercept}
 * (scikit-learn's {@code SVC}/{@code NuSVC} {@code decision_function}). JSON: {@code "gamma",
 * "support_vectors": [[d]...], "dual_coef": [m], "intercept"}.
 */
public final class KernelExpansion implements Scorer {
  private final double gamma;
  private final double[][] supportVectors;
  private final double[] dualCoef;
  private final double intercept;
  private final int features;

  public KernelExpansion(int features, double gamma, double[][] supportVectors, double[] dualCoef, double intercept) {
    if (supportVectors.length != dualCoef.length) {
      throw new IllegalArgumentException("model: " + supportVectors.length + " support vectors but "
          + dualCoef.length + " dual coefficients");
    }
    for (double[] sv : supportVectors) {
      if (sv.length != features) {
        throw new IllegalArgumentException("model: a support vector has " + sv.length + " features, expected "
            + features);
      }
    }
    this.features = features;
    this.gamma = gamma;
    this.supportVectors = supportVectors;
    this.dualCoef = dualCoef.clone();
    this.intercept = intercept;
  }

  static KernelExpansion read(JsonNode node) {
    return new KernelExpansion(Json.field(node, "n_features").asInt(), Json.number(node, "gamma"),
        Json.matrix(node, "support_vectors"), Json.doubles(node, "dual_coef"), Json.number(node, "intercept"));
  }

  /** {@code exp(-gamma ||a - x||^2)}. */
  static double rbf(double gamma, double[] a, float[] x) {
    double sq = 0;
    for (int j = 0; j < a.length; j++) {
      double diff = a[j] - x[j];
      sq += diff * diff;
    }
    return Math.exp(-gamma * sq);
  }

  public int supportVectorCount() {
    return dualCoef.length;
  }

  @Override
  public String kind() {
    return "kernel";
  }

  @Override
  public int features() {
    return features;
  }

  @Override
  public double score(float[] row) {
    double f = 0;
    for (int i = 0; i < dualCoef.length; i++) {
      f += dualCoef[i] * rbf(gamma, supportVectors[i], row);
    }
    return f + intercept;
  }

  @Override
  public void write(ObjectNode node) {
    node.put("gamma", gamma);
    node.set("support_vectors", Json.matrix(supportVectors));
    node.set("dual_coef", Json.array(dualCoef));
    node.put("intercept", intercept);
  }
}
