package krnel.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * {@code "kind": "gaussian_nb"}: scikit-learn's {@code GaussianNB}, scored by {@code predict_proba[:, 1]}.
 * Per class the mean {@code theta} and population variance {@code var} of each feature, plus
 * {@code var_smoothing * max_j var(x_j)} for stability; {@code class_prior} is the class frequency unless
 * {@code priors} is given. JSON: {@code "class_prior": [2], "theta": [[d], [d]], "var": [[d], [d]]},
 * class false first. Written here rather than with Smile's {@code NaiveBayes}, whose generic distributions have
 * no {@code var_smoothing}: this is the exact scikit-learn model in 40 lines.
 */
public final class GaussianNaiveBayes implements Scorer {
  static final List<String> PARAMS = List.of("priors", "var_smoothing");

  private final double[] classPrior;
  private final double[][] theta;
  private final double[][] var;

  GaussianNaiveBayes(double[] classPrior, double[][] theta, double[][] var) {
    if (classPrior.length != 2 || theta.length != 2 || var.length != 2 || theta[0].length != var[1].length
        || theta[0].length != theta[1].length || var[0].length != var[1].length) {
      throw new IllegalArgumentException("model: gaussian_nb needs 2 priors and 2 x d means and variances");
    }
    this.classPrior = classPrior;
    this.theta = theta;
    this.var = var;
  }

  static GaussianNaiveBayes read(JsonNode node) {
    return new GaussianNaiveBayes(Json.doubles(node, "class_prior"), Json.matrix(node, "theta"),
        Json.matrix(node, "var"));
  }

  static GaussianNaiveBayes fit(String model, float[] x, int n, int d, boolean[] y, Map<String, Object> params) {
    ParamReader p = new ParamReader(model, params, PARAMS);
    double smoothing = p.number("var_smoothing", 1e-9);
    if (!(smoothing >= 0)) {
      throw p.error("var_smoothing", "must be a non-negative number", p.raw("var_smoothing"));
    }
    double[][] theta = new double[2][d];
    double[][] var = new double[2][d];
    double[] count = new double[2];
    double[] mean = new double[d];
    for (int i = 0; i < n; i++) {
      int c = y[i] ? 1 : 0;
      count[c]++;
      for (int j = 0; j < d; j++) {
        theta[c][j] += x[i * d + j];
        mean[j] += x[i * d + j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
      theta[0][j] /= count[0];
      theta[1][j] /= count[1];
    }
    double[] total = new double[d];
    for (int i = 0; i < n; i++) {
      int c = y[i] ? 1 : 0;
      for (int j = 0; j < d; j++) {
        double v = x[i * d + j];
        var[c][j] += (v - theta[c][j]) * (v - theta[c][j]);
        total[j] += (v - mean[j]) * (v - mean[j]);
      }
    }
    double maxVar = 0;
    for (int j = 0; j < d; j++) {
      maxVar = Math.max(maxVar, total[j] / n);
    }
    double epsilon = smoothing * maxVar;
    for (int c = 0; c < 2; c++) {
      for (int j = 0; j < d; j++) {
        var[c][j] = var[c][j] / count[c] + epsilon;
      }
    }
    double[] prior = {count[0] / n, count[1] / n};
    if (p.has("priors")) {
      prior = priors(p);
    }
    return new GaussianNaiveBayes(prior, theta, var);
  }

  private static double[] priors(ParamReader p) {
    Object value = p.raw("priors");
    if (!(value instanceof List<?> list) || list.size() != 2 || !(list.get(0) instanceof Number a)
        || !(list.get(1) instanceof Number b) || !(a.doubleValue() >= 0 && b.doubleValue() >= 0)
        || Math.abs(a.doubleValue() + b.doubleValue() - 1) > 1e-8) {
      throw p.error("priors", "must be two non-negative numbers [P(false), P(true)] summing to 1", value);
    }
    return new double[] {((Number) list.get(0)).doubleValue(), ((Number) list.get(1)).doubleValue()};
  }

  @Override
  public String kind() {
    return "gaussian_nb";
  }

  @Override
  public int features() {
    return theta[0].length;
  }

  @Override
  public double score(float[] row) {
    double jll0 = logLikelihood(0, row);
    double jll1 = logLikelihood(1, row);
    double max = Math.max(jll0, jll1);
    double logSum = max + Math.log(Math.exp(jll0 - max) + Math.exp(jll1 - max));
    return Math.exp(jll1 - logSum);
  }

  private double logLikelihood(int c, float[] row) {
    double norm = 0;
    double dist = 0;
    for (int j = 0; j < row.length; j++) {
      norm += Math.log(2 * Math.PI * var[c][j]);
      double diff = row[j] - theta[c][j];
      dist += diff * diff / var[c][j];
    }
    return Math.log(classPrior[c]) - 0.5 * norm - 0.5 * dist;
  }

  @Override
  public void write(ObjectNode node) {
    node.set("class_prior", Json.array(classPrior));
    node.set("theta", Json.matrix(theta));
    node.set("var", Json.matrix(var));
  }
}
