package krnel.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import krnel.ops.TrainClassifierOp.Preprocessing;

/**
 * scikit-learn's {@code StandardScaler} and {@code Normalizer} (L2) on float32 rows, or nothing. The
 * standardizer's mean and population standard deviation are computed in double; a standard deviation
 * of (nearly) zero is replaced by 1, as {@code _handle_zeros_in_scale} does.
 */
public final class Preprocessor {
  private final Preprocessing type;
  private final double[] mean;
  private final double[] scale;

  private Preprocessor(Preprocessing type, double[] mean, double[] scale) {
    this.type = type;
    this.mean = mean;
    this.scale = scale;
  }

  public static Preprocessor none() {
    return new Preprocessor(Preprocessing.NONE, null, null);
  }

  public static Preprocessor normalize() {
    return new Preprocessor(Preprocessing.NORMALIZE, null, null);
  }

  public static Preprocessor standardize(double[] mean, double[] scale) {
    return new Preprocessor(Preprocessing.STANDARDIZE, mean.clone(), scale.clone());
  }

  /** The preprocessing {@code type} fitted on {@code n} rows of {@code d} floats (row-major). */
  public static Preprocessor fit(Preprocessing type, float[] x, int n, int d) {
    if (type != Preprocessing.STANDARDIZE) {
      return type == Preprocessing.NORMALIZE ? normalize() : none();
    }
    double[] mean = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        mean[j] += x[i * d + j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    double[] var = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double c = x[i * d + j] - mean[j];
        var[j] += c * c;
      }
    }
    double[] scale = new double[d];
    double eps = Math.ulp(1.0);
    for (int j = 0; j < d; j++) {
      scale[j] = Math.sqrt(var[j] / n);
      // _handle_zeros_in_scale: constant features (up to rounding) keep their values.
      double bound = 10 * eps * Math.max(Math.abs(mean[j]), 1e-300);
      if (scale[j] < 10 * eps || var[j] / n <= bound * bound) {
        scale[j] = 1.0;
      }
    }
    return standardize(mean, scale);
  }

  /** Preprocesses every row of {@code x} in place. */
  public void applyInPlace(float[] x, int n, int d) {
    float[] row = new float[d];
    float[] out = new float[d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(x, i * d, row, 0, d);
      apply(row, out);
      System.arraycopy(out, 0, x, i * d, d);
    }
  }

  /** {@code out = t(row)}, float32 like scikit-learn's transform of a float32 array. */
  public void apply(float[] row, float[] out) {
    switch (type) {
      case STANDARDIZE:
        for (int j = 0; j < row.length; j++) {
          out[j] = (float) ((float) (row[j] - mean[j]) / scale[j]);
        }
        break;
      case NORMALIZE:
        double sq = 0;
        for (float v : row) {
          sq += (double) v * v;
        }
        double norm = Math.sqrt(sq);
        for (int j = 0; j < row.length; j++) {
          out[j] = norm == 0 ? row[j] : (float) (row[j] / norm);
        }
        break;
      default:
        System.arraycopy(row, 0, out, 0, row.length);
    }
  }

  /** The number of features it was fitted on, or -1 if it works on any. */
  public int dimension() {
    return mean == null ? -1 : mean.length;
  }

  public Preprocessing type() {
    return type;
  }

  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("type", type.name().toLowerCase(java.util.Locale.ROOT));
    if (type == Preprocessing.STANDARDIZE) {
      node.set("mean", Json.array(mean));
      node.set("scale", Json.array(scale));
    }
    return node;
  }

  public static Preprocessor fromJson(JsonNode node) {
    String type = node.path("type").asText();
    switch (type) {
      case "none":
        return none();
      case "normalize":
        return normalize();
      case "standardize":
        return standardize(Json.doubles(node, "mean"), Json.doubles(node, "scale"));
      default:
        throw new IllegalArgumentException("model: unknown preprocessing \"" + type
            + "\" (expected none, standardize or normalize)");
    }
  }
}
