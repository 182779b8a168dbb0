package krnel.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import krnel.probe.ProbeModel.ScoreKind;

/**
 * Classifier models by name, for {@code TrainClassifierOp.model_type}: every name of krnel-graph's registry, each
 * the scikit-learn estimator the reference builds, with scikit-learn's parameter names and defaults. Parameters
 * not listed are rejected with the list of valid ones (scikit-learn would accept them; we do not silently ignore
 * them). Scores: {@code decision_function} margins for margin models, {@code probability} of class true for the
 * three models the reference cannot score (see {@link ProbeModel.ScoreKind}).
 *
 * <table>
 *   <caption>Built-in models</caption>
 *   <tr><th>name</th><th>scikit-learn</th><th>trained by</th><th>params</th><th>score</th></tr>
 *   <tr><td>{@code logistic_regression}</td><td>{@code LogisticRegression()}</td><td>{@link LinearModelTrainer}
 *     (L-BFGS)</td><td>C, max_iter, tol, class_weight</td><td>margin</td></tr>
 *   <tr><td>{@code linear_svc}</td><td>{@code LinearSVC()}</td><td>{@link LinearModelTrainer}</td><td>C, max_iter,
 *     tol, class_weight</td><td>margin</td></tr>
 *   <tr><td>{@code rbf_svc}</td><td>{@code SVC(kernel="rbf")}</td><td>Smile {@code LASVM}</td><td>C, gamma, tol,
 *     epochs (Smile's, default 2), random_state</td><td>margin</td></tr>
 *   <tr><td>{@code rbf_nusvm}</td><td>{@code NuSVC(kernel="rbf")}</td><td>{@link NuSvmSolver} (libsvm's
 *     algorithm)</td><td>nu, gamma, tol, max_iter, cache_size</td><td>margin</td></tr>
 *   <tr><td>{@code calibrated_rbf_nusvm}</td><td>{@code CalibratedClassifierCV(NuSVC(kernel="rbf"), cv)}</td>
 *     <td>{@link RbfSvm}, {@link Platt}</td><td>cv and NuSVC's</td><td>probability</td></tr>
 *   <tr><td>{@code passive_aggressive}</td><td>{@code PassiveAggressiveClassifier()}</td><td>{@link Sgd}</td>
 *     <td>C, loss, max_iter, tol, n_iter_no_change, fit_intercept, shuffle, random_state, class_weight</td>
 *     <td>margin</td></tr>
 *   <tr><td>{@code sgd}</td><td>{@code SGDClassifier()}</td><td>{@link Sgd}</td><td>loss, penalty (l2/none), alpha,
 *     learning_rate, eta0, power_t, max_iter, tol, n_iter_no_change, fit_intercept, shuffle, random_state,
 *     class_weight</td><td>margin</td></tr>
 *   <tr><td>{@code sgd_nystroem}</td><td>{@code make_pipeline(Nystroem(**nystroem_params),
 *     SGDClassifier(**sgd_params))}</td><td>{@link Nystroem}, {@link Sgd}</td><td>nystroem_params: gamma,
 *     n_components, random_state; sgd_params: as sgd</td><td>margin</td></tr>
 *   <tr><td>{@code sgd_nystroem_one_class_svm}</td><td>{@code make_pipeline(Nystroem(...), SGDOneClassSVM(...))}:
 *     ignores the labels, as the reference does</td><td>{@link Nystroem}, {@link Sgd}</td><td>nystroem_params;
 *     sgd_params: nu, learning_rate, eta0, power_t, max_iter, tol, fit_intercept, shuffle, random_state</td>
 *     <td>margin (inlier positive)</td></tr>
 *   <tr><td>{@code random_forest}</td><td>{@code RandomForestClassifier()}</td><td>Smile {@code DecisionTree}s ({@link Forest})</td>
 *     <td>n_estimators, criterion, max_depth, max_features, max_leaf_nodes, min_samples_leaf, random_state</td>
 *     <td>probability</td></tr>
 *   <tr><td>{@code naive_bayes}</td><td>{@code GaussianNB()}</td><td>{@link GaussianNaiveBayes}</td>
 *     <td>var_smoothing, priors</td><td>probability</td></tr>
 * </table>
 *
 * <p>{@code random_state} defaults to 0, where scikit-learn's default draws a fresh seed: a content-addressed
 * result should not depend on luck. Shuffled and sampled models do not reproduce scikit-learn's random streams,
 * only its algorithms. Users may {@link #register} their own trainers, returning any built-in {@link Scorer}.
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

  /** The names of krnel-graph's registry, all built in. */
  public static final List<String> BUILT_IN = List.of("calibrated_rbf_nusvm", "linear_svc", "logistic_regression",
      "naive_bayes", "passive_aggressive", "random_forest", "rbf_nusvm", "rbf_svc", "sgd", "sgd_nystroem",
      "sgd_nystroem_one_class_svm");

  private static final List<String> NYSTROEM_PARAMS = List.of("nystroem_params", "sgd_params");
  private static final List<String> NYSTROEM_MAP_PARAMS = List.of("gamma", "kernel", "n_components", "random_state");

  private static final Map<String, Trainer> TRAINERS = new TreeMap<>();

  static {
    TRAINERS.put("logistic_regression", (type, x, n, d, y, pre, params) ->
        linear(type, x, n, d, y, pre, params, LinearModelTrainer.Loss.LOGISTIC));
    TRAINERS.put("linear_svc", (type, x, n, d, y, pre, params) ->
        linear(type, x, n, d, y, pre, params, LinearModelTrainer.Loss.SQUARED_HINGE));
    TRAINERS.put("rbf_svc", (type, x, n, d, y, pre, params) ->
        model(type, pre, params, ScoreKind.DECISION_FUNCTION, RbfSvm.svc(type, x, n, d, y, params)));
    TRAINERS.put("rbf_nusvm", (type, x, n, d, y, pre, params) ->
        model(type, pre, params, ScoreKind.DECISION_FUNCTION, RbfSvm.nu(type, x, n, d, y, params)));
    TRAINERS.put("calibrated_rbf_nusvm", (type, x, n, d, y, pre, params) ->
        model(type, pre, params, ScoreKind.PROBABILITY, RbfSvm.calibrated(type, x, n, d, y, params)));
    TRAINERS.put("passive_aggressive", (type, x, n, d, y, pre, params) ->
        sgd(type, x, n, d, y, pre, params, Sgd.passiveAggressive(new ParamReader(type, params, Sgd.PA_PARAMS))));
    TRAINERS.put("sgd", (type, x, n, d, y, pre, params) ->
        sgd(type, x, n, d, y, pre, params, Sgd.classifier(new ParamReader(type, params, Sgd.SGD_PARAMS))));
    TRAINERS.put("sgd_nystroem", (type, x, n, d, y, pre, params) -> nystroem(type, x, n, d, y, pre, params, false));
    TRAINERS.put("sgd_nystroem_one_class_svm", (type, x, n, d, y, pre, params) ->
        nystroem(type, x, n, d, y, pre, params, true));
    TRAINERS.put("random_forest", (type, x, n, d, y, pre, params) ->
        new ProbeModel(type, pre, Forest.export(Forest.fitSmile(type, x, n, d, y, params), d), ScoreKind.PROBABILITY,
            json(params), 0, true));
    TRAINERS.put("naive_bayes", (type, x, n, d, y, pre, params) ->
        new ProbeModel(type, pre, GaussianNaiveBayes.fit(type, x, n, d, y, params), ScoreKind.PROBABILITY,
            json(params), 0, true));
  }

  /** Adds a model; a name already registered (every built-in one is) is an error. */
  public static synchronized void register(String name, Trainer trainer) {
    if (TRAINERS.containsKey(name)) {
      throw new IllegalArgumentException("Classifier model '" + name + "' is already registered");
    }
    TRAINERS.put(name, trainer);
  }

  /** The trainer for {@code name}. */
  public static synchronized Trainer get(String name) {
    Trainer trainer = TRAINERS.get(name);
    if (trainer == null) {
      throw new IllegalArgumentException("model_type: Unknown classifier model '" + name + "'. Available models: "
          + String.join(", ", TRAINERS.keySet()));
    }
    return trainer;
  }

  /** The registered model names, sorted. */
  public static synchronized List<String> implemented() {
    return List.copyOf(TRAINERS.keySet());
  }

  private static JsonNode json(Map<String, Object> params) {
    return new ObjectMapper().valueToTree(new TreeMap<>(params));
  }

  private static ProbeModel model(String type, Preprocessor pre, Map<String, Object> params, ScoreKind kind,
      RbfSvm.Trained<?> trained) {
    return new ProbeModel(type, pre, trained.model(), kind, json(params), trained.iterations(), trained.converged());
  }

  private static ProbeModel linear(String modelType, float[] x, int n, int d, boolean[] y,
      Preprocessor preprocessor, Map<String, Object> params, LinearModelTrainer.Loss loss) {
    LinearModelTrainer.Params parsed = LinearModelTrainer.Params.parse(modelType, params, loss);
    LinearModelTrainer.Fit fit = LinearModelTrainer.fit(x, n, d, y, parsed);
    return new ProbeModel(modelType, preprocessor, fit.weights(), fit.intercept(), json(params), fit.iterations(),
        fit.converged());
  }

  private static ProbeModel sgd(String type, float[] x, int n, int d, boolean[] y, Preprocessor pre,
      Map<String, Object> params, Sgd.Config config) {
    Sgd.Fit fit = Sgd.fit(x, n, d, y, config);
    return new ProbeModel(type, pre, fit.weights(), fit.intercept(), json(params), fit.epochs(), fit.converged());
  }

  /**
   * {@code Nystroem} then {@code SGDClassifier}, or {@code SGDOneClassSVM} whose {@code decision_function} is
   * {@code z.w - offset} with {@code offset = 1 - intercept}.
   */
  private static ProbeModel nystroem(String type, float[] x, int n, int d, boolean[] y, Preprocessor pre,
      Map<String, Object> params, boolean oneClass) {
    ParamReader p = new ParamReader(type, params, NYSTROEM_PARAMS);
    ParamReader mapParams = new ParamReader(type, "params.nystroem_params", p.object("nystroem_params"),
        NYSTROEM_MAP_PARAMS);
    ParamReader sgdParams = new ParamReader(type, "params.sgd_params", p.object("sgd_params"),
        oneClass ? Sgd.ONE_CLASS_PARAMS : Sgd.SGD_PARAMS);
    mapParams.choice("kernel", "rbf", List.of("rbf"));
    Sgd.Config config = oneClass ? Sgd.oneClass(sgdParams) : Sgd.classifier(sgdParams);
    Nystroem map = Nystroem.fit(x, n, d, mapParams.has("gamma") ? mapParams.positive("gamma", 0) : null,
        mapParams.integer("n_components", 100, 1), mapParams.integer("random_state", 0, 0));
    int m = map.components();
    float[] features = new float[n * m];
    float[] row = new float[d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(x, i * d, row, 0, d);
      System.arraycopy(map.transform(row), 0, features, i * m, m);
    }
    Sgd.Fit fit = Sgd.fit(features, n, m, y, config);
    double intercept = oneClass ? fit.intercept() - 1 : fit.intercept();
    return new ProbeModel(type, pre, new NystroemLinear(d, map, new LinearScorer(fit.weights(), intercept)),
        ScoreKind.DECISION_FUNCTION, json(params), fit.epochs(), fit.converged());
  }
}
