package krnel.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import krnel.ops.TrainClassifierOp.Preprocessing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import smile.base.cart.DecisionNode;
import smile.classification.DecisionTree;
import smile.data.Tuple;
import smile.data.type.StructType;

/** Every built-in classifier learns an easy problem, survives a JSON round trip bit for bit, and checks its params. */
class ClassifierModelsTest {
  static final int D = 6;

  /** Two Gaussian blobs, means -1.2 and +1.2 in every feature, shifted and scaled so that preprocessing matters. */
  static Data blobs(int n, long seed) {
    Random random = new Random(seed);
    float[][] rows = new float[n][D];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextDouble() < 0.4;
      for (int j = 0; j < D; j++) {
        rows[i][j] = (float) ((random.nextGaussian() + (y[i] ? 1.2 : -1.2)) * (j + 1) + 3);
      }
    }
    return new Data(rows, y);
  }

  record Data(float[][] rows, boolean[] y) {
    float[] flat() {
      float[] x = new float[rows.length * D];
      for (int i = 0; i < rows.length; i++) {
        System.arraycopy(rows[i], 0, x, i * D, D);
      }
      return x;
    }
  }

  static ProbeModel train(String model, Data data, Preprocessing preprocessing, Map<String, Object> params) {
    int n = data.rows().length;
    float[] x = data.flat();
    Preprocessor pre = Preprocessor.fit(preprocessing, x, n, D);
    pre.applyInPlace(x, n, D);
    return ClassifierRegistry.get(model).train(model, x, n, D, data.y(), pre, params);
  }

  static ProbeModel roundTrip(ProbeModel model) throws Exception {
    return ProbeModel.fromJson(new ObjectMapper().readTree(model.toJson().toString()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"logistic_regression", "linear_svc", "rbf_svc", "rbf_nusvm", "calibrated_rbf_nusvm",
      "passive_aggressive", "sgd", "sgd_nystroem", "random_forest", "naive_bayes"})
  void learnsAnEasyProblemAndRoundTripsExactly(String name) throws Exception {
    Data train = blobs(240, 1);
    Data test = blobs(160, 2);
    ProbeModel model = train(name, train, Preprocessing.STANDARDIZE, Map.of());
    double[] scores = model.scores(test.rows());
    double auroc = Metrics.rocAuc(scores, test.y());
    System.out.printf("%s: held-out AUROC %.4f, %s, %d iterations%n", name, auroc, model.scoreKind(),
        model.iterations());
    assertTrue(auroc > 0.98, name + " AUROC " + auroc);
    assertTrue(model.toJson().equals(train(name, train, Preprocessing.STANDARDIZE, Map.of()).toJson()),
        name + " is deterministic");
    ProbeModel back = roundTrip(model);
    assertArrayEquals(scores, back.scores(test.rows()), 0.0, name);
    assertTrue(model.toJson().equals(back.toJson()), name);
    JsonNode json = model.toJson();
    boolean probabilistic = List.of("calibrated_rbf_nusvm", "random_forest", "naive_bayes").contains(name);
    assertEquals(probabilistic ? "probability" : "decision_function", json.get("score_kind").asText(), name);
    if (probabilistic) {
      assertTrue(Arrays.stream(scores).allMatch(s -> s >= 0 && s <= 1), name);
    }
  }

  @Test
  void oneClassSvmIgnoresLabelsAndScoresTheDenseRegionHigher() throws Exception {
    // The reference fits SGDOneClassSVM on every training row: a density model, blind to the labels.
    Random random = new Random(5);
    int n = 330;
    float[][] rows = new float[n][D];
    boolean[] inlier = new boolean[n];
    for (int i = 0; i < n; i++) {
      inlier[i] = i % 11 != 0;
      for (int j = 0; j < D; j++) {
        rows[i][j] = (float) (inlier[i] ? random.nextGaussian() * 0.5 : (random.nextBoolean() ? 4 : -4) + random.nextGaussian());
      }
    }
    Data train = new Data(Arrays.copyOf(rows, 220), Arrays.copyOf(inlier, 220));
    Data test = new Data(Arrays.copyOfRange(rows, 220, n), Arrays.copyOfRange(inlier, 220, n));
    Map<String, Object> params = Map.of("nystroem_params", Map.of("n_components", 50, "gamma", 0.2));
    ProbeModel model = train("sgd_nystroem_one_class_svm", train, Preprocessing.NONE, params);
    double auroc = Metrics.rocAuc(model.scores(test.rows()), test.y());
    assertTrue(auroc > 0.95, "AUROC " + auroc);
    boolean[] flipped = train.y().clone();
    for (int i = 0; i < flipped.length; i++) {
      flipped[i] = !flipped[i];
    }
    ProbeModel blind = train("sgd_nystroem_one_class_svm", new Data(train.rows(), flipped), Preprocessing.NONE, params);
    assertEquals(model.toJson().get("weights"), blind.toJson().get("weights"));
    ProbeModel back = roundTrip(model);
    assertArrayEquals(model.scores(test.rows()), back.scores(test.rows()), 0.0);
    assertEquals("nystroem_linear", model.toJson().get("kind").asText());
    assertEquals(50, model.toJson().get("basis").size());
  }

  @Test
  void nystroemFeaturesReproduceTheKernelOnTheirBasis() {
    // With every training row in the basis, z(a).z(b) = k(a, b) for training rows (K^-1/2 K K^-1/2 = I).
    Data data = blobs(30, 6);
    float[] x = data.flat();
    Nystroem map = Nystroem.fit(x, 30, D, 0.05, 100, 3);
    assertEquals(30, map.components());
    for (int a = 0; a < 30; a++) {
      float[] za = map.transform(data.rows()[a]);
      for (int b = 0; b < 30; b++) {
        float[] zb = map.transform(data.rows()[b]);
        double dot = 0;
        for (int k = 0; k < za.length; k++) {
          dot += za[k] * zb[k];
        }
        double[] rowB = new double[D];
        for (int j = 0; j < D; j++) {
          rowB[j] = data.rows()[b][j];
        }
        assertEquals(KernelExpansion.rbf(0.05, rowB, data.rows()[a]), dot, 1e-5, a + ", " + b);
      }
    }
  }

  @Test
  void readsLinearModelsOfTheFirstFormat() throws Exception {
    JsonNode v1 = new ObjectMapper().readTree("{\"format\": \"krnel-probe/1\", \"model_type\": \"logistic_regression\", "
        + "\"kind\": \"linear\", \"score\": \"decision_function\", \"classes\": [false, true], \"n_features\": 2, "
        + "\"preprocessing\": {\"type\": \"none\"}, \"weights\": [0.5, -2.0], \"intercept\": 0.25, \"params\": {}, "
        + "\"n_iter\": 3, \"converged\": true}");
    ProbeModel model = ProbeModel.fromJson(v1);
    assertArrayEquals(new double[] {0.5 * 2 - 2.0 * 1 + 0.25}, model.scores(new float[][] {{2, 1}}), 0.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ProbeModel.fromJson(((com.fasterxml.jackson.databind.node.ObjectNode) v1.deepCopy()).put("kind", "svm")));
    assertTrue(e.getMessage().startsWith("model: unknown kind \"svm\""), e.getMessage());
  }

  @Test
  void forestExportWalksSmilesTrees() {
    Data train = blobs(200, 3);
    float[] x = train.flat();
    List<DecisionTree> fitted = Forest.fitSmile("random_forest", x, 200, D, train.y(),
        Map.of("n_estimators", 7, "max_features", 2, "random_state", 9));
    Forest forest = Forest.export(fitted, D);
    assertEquals(7, forest.size());
    Data test = blobs(50, 4);
    StructType schema = fitted.get(0).schema();
    for (float[] row : test.rows()) {
      double[] values = new double[D];
      for (int j = 0; j < D; j++) {
        values[j] = row[j];
      }
      Tuple tuple = Tuple.of(values, schema);
      double expected = 0;
      for (DecisionTree tree : fitted) {
        int[] count = ((DecisionNode) tree.root().predict(tuple)).count();
        expected += (double) count[1] / (count[0] + count[1]);
      }
      assertEquals(expected / 7, forest.score(row), 1e-15);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"logistic_regression", "linear_svc", "rbf_svc", "rbf_nusvm", "calibrated_rbf_nusvm",
      "passive_aggressive", "sgd", "sgd_nystroem", "sgd_nystroem_one_class_svm", "random_forest", "naive_bayes"})
  void unknownParamsNameTheModelAndTheValidOnes(String name) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> train(name, blobs(40, 1), Preprocessing.NONE, Map.of("bogus", 1)));
    assertTrue(e.getMessage().startsWith("params: unknown parameter 'bogus' for " + name + "; valid parameters: "),
        e.getMessage());
  }

  @Test
  void badParamValuesAreClearErrors() {
    Data data = blobs(40, 1);
    fails("rbf_svc", data, Map.of("gamma", "big"),
        "params: gamma of rbf_svc must be \"scale\", \"auto\" or a positive number, got \"big\"");
    fails("rbf_svc", data, Map.of("C", 0), "params: C of rbf_svc must be a positive number, got 0");
    fails("rbf_nusvm", data, Map.of("nu", 0.99), "nu 0.99 is infeasible");
    fails("rbf_nusvm", data, Map.of("nu", 1.5), "params: nu of rbf_nusvm must be in (0, 1], got 1.5");
    fails("calibrated_rbf_nusvm", data, Map.of("cv", 100), "params: cv of calibrated_rbf_nusvm must be at most");
    fails("sgd", data, Map.of("loss", "huber"), "params: loss of sgd must be one of hinge, log_loss,");
    fails("sgd", data, Map.of("learning_rate", "constant"), "params: eta0 of sgd must be > 0 for learning_rate constant");
    fails("sgd", data, Map.of("penalty", "l1"), "params: penalty of sgd must be one of l2, none, got \"l1\"");
    fails("passive_aggressive", data, Map.of("max_iter", 2.5), "params: max_iter of passive_aggressive must be an integer >= 1");
    fails("sgd_nystroem", data, Map.of("sgd_params", Map.of("nu", 0.1)),
        "params.sgd_params: unknown parameter 'nu' for sgd_nystroem; valid parameters: alpha, class_weight,");
    fails("sgd_nystroem", data, Map.of("nystroem_params", Map.of("kernel", "poly")),
        "params.nystroem_params: kernel of sgd_nystroem must be one of rbf, got \"poly\"");
    fails("sgd_nystroem", data, Map.of("nystroem_params", 3), "params: nystroem_params of sgd_nystroem must be an object");
    fails("random_forest", data, Map.of("max_features", "all"), "params: max_features of random_forest must be");
    fails("random_forest", data, Map.of("n_estimators", 0), "params: n_estimators of random_forest must be an integer >= 1");
    fails("naive_bayes", data, Map.of("priors", List.of(0.5, 0.6)), "params: priors of naive_bayes must be two");
  }

  private static void fails(String name, Data data, Map<String, Object> params, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> train(name, data, Preprocessing.NONE, params));
    assertTrue(e.getMessage().contains(message), () -> "expected \"" + message + "\" in: " + e.getMessage());
  }
}
