package krnel.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A trained linear probe in a portable JSON form (never Java serialization):
 *
 * <pre>{@code
 * {"format": "krnel-probe/1", "model_type": "logistic_regression", "kind": "linear",
 *  "score": "decision_function", "classes": [false, true], "n_features": 768,
 *  "preprocessing": {"type": "standardize", "mean": [...], "scale": [...]}   // or {"type": "normalize"}, {"type": "none"}
 *  "weights": [...], "intercept": -0.3, "params": {...}, "n_iter": 12, "converged": true}
 * }</pre>
 *
 * <p>The score of a row {@code x} (float32) is {@code t(x) . weights + intercept}, where {@code t} is the
 * preprocessing computed as scikit-learn computes it on float32 data: standardize gives
 * {@code (float) ((float) (x - mean) / scale)}, normalize gives {@code (float) (x / ||x||_2)} (rows of norm 0
 * unchanged), and the dot product is in double. For logistic regression this is scikit-learn's
 * {@code decision_function} (the log-odds of class {@code true}).
 */
public final class ProbeModel {
  public static final String FORMAT = "krnel-probe/1";

  private final String modelType;
  private final Preprocessor preprocessor;
  private final double[] weights;
  private final double intercept;
  private final JsonNode params;
  private final int iterations;
  private final boolean converged;

  public ProbeModel(String modelType, Preprocessor preprocessor, double[] weights, double intercept, JsonNode params,
      int iterations, boolean converged) {
    if (preprocessor.dimension() >= 0 && preprocessor.dimension() != weights.length) {
      throw new IllegalArgumentException("preprocessing has " + preprocessor.dimension() + " features, weights "
          + weights.length);
    }
    this.modelType = modelType;
    this.preprocessor = preprocessor;
    this.weights = weights.clone();
    this.intercept = intercept;
    this.params = params == null ? JsonNodeFactory.instance.objectNode() : params;
    this.iterations = iterations;
    this.converged = converged;
  }

  public String modelType() {
    return modelType;
  }

  public Preprocessor preprocessor() {
    return preprocessor;
  }

  public double[] weights() {
    return weights.clone();
  }

  public double intercept() {
    return intercept;
  }

  public int iterations() {
    return iterations;
  }

  public boolean converged() {
    return converged;
  }

  public int features() {
    return weights.length;
  }

  /** The decision-function score of each row. */
  public double[] scores(float[][] rows) {
    double[] out = new double[rows.length];
    float[] buffer = new float[weights.length];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != weights.length) {
        throw new IllegalArgumentException("x: row " + i + " has " + rows[i].length
            + " features, but the classifier was trained on " + weights.length);
      }
      preprocessor.apply(rows[i], buffer);
      double z = 0;
      for (int j = 0; j < buffer.length; j++) {
        z += buffer[j] * weights[j];
      }
      out[i] = z + intercept;
    }
    return out;
  }

  public ObjectNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode node = f.objectNode();
    node.put("format", FORMAT);
    node.put("model_type", modelType);
    node.put("kind", "linear");
    node.put("score", "decision_function");
    node.set("classes", f.arrayNode().add(false).add(true));
    node.put("n_features", weights.length);
    node.set("preprocessing", preprocessor.toJson());
    node.set("weights", array(weights));
    node.put("intercept", intercept);
    node.set("params", params);
    node.put("n_iter", iterations);
    node.put("converged", converged);
    return node;
  }

  public static ProbeModel fromJson(JsonNode node) {
    if (!FORMAT.equals(node.path("format").asText())) {
      throw new IllegalArgumentException("model: not a krnel probe (format \"" + node.path("format").asText()
          + "\", expected \"" + FORMAT + "\")");
    }
    if (!"linear".equals(node.path("kind").asText()) || !"decision_function".equals(node.path("score").asText())) {
      throw new IllegalArgumentException("model: cannot score a model of kind \"" + node.path("kind").asText()
          + "\" (score \"" + node.path("score").asText() + "\"); only linear decision functions are implemented");
    }
    return new ProbeModel(node.get("model_type").asText(), Preprocessor.fromJson(node.get("preprocessing")),
        doubles(node.get("weights")), node.get("intercept").asDouble(), node.get("params"),
        node.path("n_iter").asInt(), node.path("converged").asBoolean());
  }

  static ArrayNode array(double[] values) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode(values.length);
    for (double v : values) {
      array.add(v);
    }
    return array;
  }

  static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }
}
