package krnel.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Classifier models by name, for {@code TrainClassifierOp.model_type}. Built in:
 * {@code logistic_regression} and {@code linear_svc} ({@link LinearModelTrainer}: scikit-learn's
 * {@code LogisticRegression(lbfgs)} and {@code LinearSVC} objectives; params {@code C}, {@code max_iter},
 * {@code tol}, {@code class_weight}; other scikit-learn params are rejected, naming the valid ones). Smile 2.6.0
 * is not used for {@code linear_svc}: its {@code SVM} is a hinge-loss LASVM (a different objective from
 * LinearSVC's squared hinge) whose model does not export to the portable {@link ProbeModel} form; Smile stays
 * the cross-check for logistic regression ({@code ProbeBenchmark}). The other names of krnel-graph's registry
 * ({@code passive_aggressive}, {@code rbf_nusvm}, {@code rbf_svc},
 * {@code calibrated_rbf_nusvm}, {@code sgd}, {@code sgd_nystroem}, {@code sgd_nystroem_one_class_svm},
 * {@code random_forest}, {@code naive_bayes}; krnel-graph itself cannot score the last two and
 * {@code calibrated_rbf_nusvm}) are known but not implemented yet: training one fails with an
 * error that lists the implemented models. Users may {@link #register} their own trainers.
 */
public final class ClassifierRegistry {
  private ClassifierRegistry() {}

  /** Trains a model on preprocessed rows. */
  @FunctionalInterface
  public interface Trainer {
    /**
     * @param x {@code n} rows of {@code d} floats, row-major, already preprocessed by {@code preprocessor}
     * @param y the labels (both classes present)
     * @param params the op's params (check them and name unknown keys in the error)
     */
    ProbeModel train(String modelType, float[] x, int n, int d, boolean[] y, Preprocessor preprocessor,
        Map<String, Object> params);
  }

  /** krnel-graph's names that Krnel for Java does not implement (yet). */
  public static final List<String> NOT_IMPLEMENTED = List.of("calibrated_rbf_nusvm", "naive_bayes",
      "passive_aggressive", "random_forest", "rbf_nusvm", "rbf_svc", "sgd", "sgd_nystroem",
      "sgd_nystroem_one_class_svm");

  private static final Map<String, Trainer> TRAINERS = new TreeMap<>();

  static {
    register("logistic_regression", (type, x, n, d, y, pre, params) ->
        linear(type, x, n, d, y, pre, params, LinearModelTrainer.Loss.LOGISTIC));
    register("linear_svc", (type, x, n, d, y, pre, params) ->
        linear(type, x, n, d, y, pre, params, LinearModelTrainer.Loss.SQUARED_HINGE));
  }

  /** Adds a model; a name already registered (or one of krnel-graph's) is an error. */
  public static synchronized void register(String name, Trainer trainer) {
    if (TRAINERS.containsKey(name) || NOT_IMPLEMENTED.contains(name)) {
      throw new IllegalArgumentException("Classifier model '" + name + "' is already registered");
    }
    TRAINERS.put(name, trainer);
  }

  /** The trainer for {@code name}. */
  public static synchronized Trainer get(String name) {
    Trainer trainer = TRAINERS.get(name);
    if (trainer != null) {
      return trainer;
    }
    if (NOT_IMPLEMENTED.contains(name)) {
      throw new UnsupportedOperationException("model_type: classifier model '" + name
          + "' is not implemented yet in Krnel for Java. Implemented models: " + String.join(", ", TRAINERS.keySet()));
    }
    TreeSet<String> all = new TreeSet<>(TRAINERS.keySet());
    all.addAll(NOT_IMPLEMENTED);
    throw new IllegalArgumentException("Unknown classifier model '" + name + "'. Available models: "
        + String.join(", ", all));
  }

  /** The implemented model names, sorted. */
  public static synchronized List<String> implemented() {
    return List.copyOf(TRAINERS.keySet());
  }

  private static ProbeModel linear(String modelType, float[] x, int n, int d, boolean[] y,
      Preprocessor preprocessor, Map<String, Object> params, LinearModelTrainer.Loss loss) {
    LinearModelTrainer.Params parsed = LinearModelTrainer.Params.parse(modelType, params, loss);
    LinearModelTrainer.Fit fit = LinearModelTrainer.fit(x, n, d, y, parsed);
    return new ProbeModel(modelType, preprocessor, fit.weights(), fit.intercept(),
        new ObjectMapper().valueToTree(new TreeMap<>(params)), fit.iterations(), fit.converged());
  }

}
