package krnel.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * A trained probe in a portable JSON form (never Java serialization), readable without the classes that wrote it:
 *
 * <pre>{@code
 * {"format": "krnel-probe/2", "model_type": "rbf_svc", "kind": "kernel",
 *  "score_kind": "decision_function",            // or "probability" (of class true)
 *  "classes": [false, true], "n_features": 768,
 *  "preprocessing": {"type": "standardize", "mean": [...], "scale": [...]}   // or {"type": "normalize"}, {"type": "none"}
 *  "params": {...}, "n_iter": 12, "converged": true,
 *  ...the fields of the kind...}
 * }</pre>
 *
 * <p>The score of a row {@code x} (float32) is {@code f(t(x))}, where {@code t} is the preprocessing computed as
 * scikit-learn computes it on float32 data: standardize gives {@code (float) ((float) (x - mean) / scale)},
 * normalize gives {@code (float) (x / ||x||_2)} (rows of norm 0 unchanged), and {@code f} depends on
 * {@code kind}, with sums in double in the order written:
 *
 * <ul>
 *   <li>{@code linear} ({@link LinearScorer}): {@code "weights": [d], "intercept": b}; {@code f = x.w + b}.
 *   <li>{@code kernel} ({@link KernelExpansion}): {@code "gamma", "support_vectors": [[d]...], "dual_coef": [m],
 *       "intercept"}; {@code f = sum_i dual_coef_i exp(-gamma ||sv_i - x||^2) + intercept}.
 *   <li>{@code calibrated_kernel} ({@link CalibratedEnsemble}): {@code "members": [{kernel fields..., "sigmoid_a",
 *       "sigmoid_b"}]}; {@code f = mean_k 1 / (1 + exp(a_k g_k(x) + b_k))}, {@code g_k} the member's kernel score.
 *   <li>{@code nystroem_linear} ({@link NystroemLinear}): {@code "gamma", "basis": [[d]...],
 *       "normalization": [[m]...], "weights": [m], "intercept"}; features {@code z_k = sum_l normalization[k][l]
 *       exp(-gamma ||basis_l - x||^2)}, {@code f = z.w + b}.
 *   <li>{@code forest} ({@link Forest}): {@code "trees": [{"feature": [...], "threshold": [...], "left": [...],
 *       "right": [...], "value": [...]}]}, nodes by index from 0, leaves have feature -1 and {@code value} =
 *       the fraction of class true among the leaf's training rows; a row goes left when
 *       {@code x[feature] <= threshold}; {@code f} = the mean of the trees' leaf values.
 *   <li>{@code gaussian_nb} ({@link GaussianNaiveBayes}): {@code "class_prior": [2], "theta": [[d], [d]],
 *       "var": [[d], [d]]} (row 0 class false); {@code f = P(true | x)} under independent Gaussians.
 * </ul>
 */
public final class ProbeModel {
  public static final String FORMAT = "krnel-probe/2";
  private static final String FORMAT_1 = "krnel-probe/1";

  /** What a score means: a margin (positive means class true) or the probability of class true. */
  public enum ScoreKind {
    DECISION_FUNCTION, PROBABILITY;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static ScoreKind parse(String name) {
      for (ScoreKind kind : values()) {
        if (kind.wireName().equals(name)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("model: unknown score_kind \"" + name
          + "\" (expected decision_function or probability)");
    }
  }

  private final String modelType;
  private final Preprocessor preprocessor;
  private final Scorer scorer;
  private final ScoreKind scoreKind;
  private final JsonNode params;
  private final int iterations;
  private final boolean converged;

  public ProbeModel(String modelType, Preprocessor preprocessor, Scorer scorer, ScoreKind scoreKind, JsonNode params,
      int iterations, boolean converged) {
    if (preprocessor.dimension() >= 0 && preprocessor.dimension() != scorer.features()) {
      throw new IllegalArgumentException("preprocessing has " + preprocessor.dimension() + " features, the model "
          + scorer.features());
    }
    this.modelType = modelType;
    this.preprocessor = preprocessor;
    this.scorer = scorer;
    this.scoreKind = scoreKind;
    this.params = params == null ? JsonNodeFactory.instance.objectNode() : params;
    this.iterations = iterations;
    this.converged = converged;
  }

  /** A linear model scored by its decision function. */
  public ProbeModel(String modelType, Preprocessor preprocessor, double[] weights, double intercept, JsonNode params,
      int iterations, boolean converged) {
    this(modelType, preprocessor, new LinearScorer(weights, intercept), ScoreKind.DECISION_FUNCTION, params,
        iterations, converged);
  }

  public String modelType() {
    return modelType;
  }

  public Preprocessor preprocessor() {
    return preprocessor;
  }

  public Scorer scorer() {
    return scorer;
  }

  public ScoreKind scoreKind() {
    return scoreKind;
  }

  /** The weights of a linear model. */
  public double[] weights() {
    return linear().weights();
  }

  /** The intercept of a linear model. */
  public double intercept() {
    return linear().intercept();
  }

  private LinearScorer linear() {
    if (!(scorer instanceof LinearScorer)) {
      throw new IllegalStateException(modelType + " is a " + scorer.kind() + " model, not a linear one");
    }
    return (LinearScorer) scorer;
  }

  public int iterations() {
    return iterations;
  }

  public boolean converged() {
    return converged;
  }

  public int features() {
    return scorer.features();
  }

  /** The score of each row (see {@link #scoreKind()}). */
  public double[] scores(float[][] rows) {
    int d = scorer.features();
    double[] out = new double[rows.length];
    float[] buffer = new float[d];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != d) {
        throw new IllegalArgumentException("x: row " + i + " has " + rows[i].length
            + " features, but the classifier was trained on " + d);
      }
      preprocessor.apply(rows[i], buffer);
      out[i] = scorer.score(buffer);
    }
    return out;
  }

  public ObjectNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode node = f.objectNode();
    node.put("format", FORMAT);
    node.put("model_type", modelType);
    node.put("kind", scorer.kind());
    node.put("score_kind", scoreKind.wireName());
    node.set("classes", f.arrayNode().add(false).add(true));
    node.put("n_features", scorer.features());
    node.set("preprocessing", preprocessor.toJson());
    node.set("params", params);
    node.put("n_iter", iterations);
    node.put("converged", converged);
    scorer.write(node);
    return node;
  }

  /** Reads a model of this format, or of {@code krnel-probe/1} (linear models, the kind of score in {@code score}). */
  public static ProbeModel fromJson(JsonNode node) {
    String format = node.path("format").asText();
    if (!FORMAT.equals(format) && !FORMAT_1.equals(format)) {
      throw new IllegalArgumentException("model: not a krnel probe (format \"" + format + "\", expected \"" + FORMAT
          + "\")");
    }
    String scoreKind = node.path(FORMAT_1.equals(format) ? "score" : "score_kind").asText();
    return new ProbeModel(node.path("model_type").asText(), Preprocessor.fromJson(Json.field(node, "preprocessing")),
        readScorer(node), ScoreKind.parse(scoreKind), node.get("params"), node.path("n_iter").asInt(),
        node.path("converged").asBoolean());
  }

  private static Scorer readScorer(JsonNode node) {
    String kind = node.path("kind").asText();
    switch (kind) {
      case "linear":
        return LinearScorer.read(node);
      case "kernel":
        return KernelExpansion.read(node);
      case "calibrated_kernel":
        return CalibratedEnsemble.read(node);
      case "nystroem_linear":
        return NystroemLinear.read(node);
      case "forest":
        return Forest.read(node);
      case "gaussian_nb":
        return GaussianNaiveBayes.read(node);
      default:
        throw new IllegalArgumentException("model: unknown kind \"" + kind + "\" (expected linear, kernel, "
            + "calibrated_kernel, nystroem_linear, forest or gaussian_nb)");
    }
  }
}
