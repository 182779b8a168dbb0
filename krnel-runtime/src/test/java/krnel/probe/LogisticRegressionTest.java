package krnel.probe;

import static krnel.probe.EvaluationTest.booleans;
import static krnel.probe.EvaluationTest.doubles;
import static krnel.probe.EvaluationTest.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import krnel.ops.LoadInlineJsonDatasetOp;
import krnel.ops.TrainClassifierOp;
import krnel.ops.TrainClassifierOp.Preprocessing;
import krnel.runner.OpFailedException;
import krnel.runner.Runner;
import krnel.types.BooleanColumn;
import krnel.types.VectorColumn;
import org.junit.jupiter.api.Test;

/** Our logistic regression and linear SVC against scikit-learn's LogisticRegression(lbfgs) and LinearSVC (make_fixtures.py). */
class LogisticRegressionTest {
  private static float[][] rows(JsonNode x) {
    float[][] rows = new float[x.size()][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new float[x.get(i).size()];
      for (int j = 0; j < rows[i].length; j++) {
        rows[i][j] = (float) x.get(i).get(j).asDouble();
      }
    }
    return rows;
  }

  private static Map<String, Object> params(JsonNode node) {
    return new ObjectMapper().convertValue(node, Map.class);
  }

  @Test
  void matchesScikitLearn() throws Exception {
    JsonNode fx = fixture("logistic_fixture.json");
    float[][] all = rows(fx.get("x"));
    boolean[] labels = booleans(fx.get("y"));
    int nTrain = fx.get("n_train").asInt();
    int d = all[0].length;
    float[][] test = java.util.Arrays.copyOfRange(all, nTrain, all.length);
    boolean[] yTest = java.util.Arrays.copyOfRange(labels, nTrain, labels.length);
    for (JsonNode fit : fx.get("fits")) {
      String name = fit.get("name").asText();
      float[] x = new float[nTrain * d];
      for (int i = 0; i < nTrain; i++) {
        System.arraycopy(all[i], 0, x, i * d, d);
      }
      Preprocessing type = Preprocessing.valueOf(fit.get("preprocessing").asText().toUpperCase());
      Preprocessor pre = Preprocessor.fit(type, x, nTrain, d);
      pre.applyInPlace(x, nTrain, d);
      String modelType = fit.get("model").asText();
      ProbeModel model = ClassifierRegistry.get(modelType).train(modelType, x, nTrain, d,
          java.util.Arrays.copyOf(labels, nTrain), pre, params(fit.get("params")));
      assertTrue(model.converged(), name);
      double[] expected = doubles(fit.get("coef"));
      double[] actual = model.weights();
      double scale = 0;
      for (double v : expected) {
        scale = Math.max(scale, Math.abs(v));
      }
      double worst = 0;
      for (int j = 0; j < d; j++) {
        assertEquals(expected[j], actual[j], 2e-3 * scale, name + " coef " + j);
        worst = Math.max(worst, Math.abs(expected[j] - actual[j]) / scale);
      }
      assertEquals(fit.get("intercept").asDouble(), model.intercept(), 2e-3 * Math.max(1, scale), name + " intercept");
      double[] scores = model.scores(test);
      assertEquals(fit.get("test_roc_auc").asDouble(), Metrics.rocAuc(scores, yTest), 0.001, name + " AUROC");
      System.out.printf("%s: max |coef - sklearn| / max |coef| = %.2e, test AUROC %.6f (sklearn %.6f), %d iterations%n",
          name, worst, Metrics.rocAuc(scores, yTest), fit.get("test_roc_auc").asDouble(), model.iterations());
      double[] expectedScores = doubles(fit.get("test_scores"));
      for (int i = 0; i < scores.length; i++) {
        assertEquals(expectedScores[i], scores[i], 1e-2 * (1 + Math.abs(expectedScores[i])), name + " score " + i);
      }
      // The JSON form scores the same.
      ProbeModel back = ProbeModel.fromJson(new ObjectMapper().readTree(model.toJson().toString()));
      assertArrayEquals(scores, back.scores(test), 0.0, name);
    }
  }

  @Test
  void trainPredictEvaluateThroughTheRunner() throws Exception {
    JsonNode fx = fixture("logistic_fixture.json");
    JsonNode fit = fx.get("fits").get(0); // standardize, C = 1
    int nTrain = fx.get("n_train").asInt();
    List<List<Double>> vectors = new ArrayList<>();
    fx.get("x").forEach(row -> {
      List<Double> v = new ArrayList<>();
      row.forEach(e -> v.add(e.asDouble()));
      vectors.add(v);
    });
    List<Boolean> y = new ArrayList<>();
    fx.get("y").forEach(v -> y.add(v.asBoolean()));
    List<Boolean> train = new ArrayList<>();
    List<Boolean> testRows = new ArrayList<>();
    for (int i = 0; i < y.size(); i++) {
      train.add(i < nTrain);
      testRows.add(i >= nTrain);
    }
    Map<String, List<?>> data = new LinkedHashMap<>();
    data.put("x", vectors);
    data.put("y", y);
    data.put("train", train);
    data.put("test", testRows);
    try (Runner runner = Runner.memory()) {
      LoadInlineJsonDatasetOp ds = runner.fromInlineDataset(data);
      VectorColumn x = ds.colVector("x");
      BooleanColumn label = ds.colBoolean("y");
      TrainClassifierOp probe = x.trainClassifier("logistic_regression", label,
          o -> o.trainDomain(ds.colBoolean("train")).preprocessing(Preprocessing.STANDARDIZE).params(Map.<String, Object>of("C", 1.0)));
      var scores = probe.predict(x);
      var report = runner.toJson(scores.evaluate(label, o -> o.predictDomain(ds.colBoolean("test"))));
      assertEquals(fit.get("test_roc_auc").asDouble(), report.get("all").get("roc_auc").asDouble(), 0.001);
      assertEquals(300 + 100, runner.toDoubleArray(scores).length);
      JsonNode model = runner.toJson(probe);
      assertEquals("krnel-probe/2", model.get("format").asText());
      assertEquals("decision_function", model.get("score_kind").asText());
      assertEquals("standardize", model.get("preprocessing").get("type").asText());
      assertEquals(24, model.get("weights").size());
    }
  }

  @Test
  void trainingErrors() {
    Map<String, List<?>> data = new LinkedHashMap<>();
    data.put("x", List.of(List.of(1.0, 2.0), List.of(0.5, -1.0), List.of(-1.0, 0.0), List.of(2.0, 2.0)));
    data.put("y", List.of(true, false, true, false));
    try (Runner runner = Runner.memory()) {
      LoadInlineJsonDatasetOp ds = runner.fromInlineDataset(data);
      VectorColumn x = ds.colVector("x");
      BooleanColumn label = ds.colBoolean("y");

      fails(runner, x.trainClassifier("logistic_regression", label, o -> o.params(Map.<String, Object>of("C", 1.0, "penalty", "l1"))),
          "unknown parameter 'penalty'", "C, class_weight, max_iter, tol");
      fails(runner, x.trainClassifier("nope", label), "Unknown classifier model 'nope'. Available models: "
          + "calibrated_rbf_nusvm, linear_svc, logistic_regression, naive_bayes");
      fails(runner, x.trainClassifier("random_forest", label, o -> o.params(Map.<String, Object>of("n_trees", 3))),
          "params: unknown parameter 'n_trees' for random_forest; valid parameters: criterion,");
      BooleanColumn none = label.and(label.not());
      fails(runner, x.trainClassifier("logistic_regression", none), "No positive samples found");
      fails(runner, x.trainClassifier("logistic_regression", label, o -> o.negatives(none)),
          "No negative samples found");
      fails(runner, x.trainClassifier("logistic_regression", label, o -> o.negatives(label)),
          "Some examples (", ") are both positive and negative");
      fails(runner, x.trainClassifier("logistic_regression", label, o -> o.trainDomain(label)),
          "train_domain", "only positive");
      fails(runner, x.trainClassifier("logistic_regression", ds.colBoolean("y"), o -> o.params(Map.<String, Object>of("C", -1))),
          "C must be a positive number");
    }
  }

  @Test
  void registry() {
    assertThrows(IllegalArgumentException.class,
        () -> ClassifierRegistry.register("logistic_regression", (t, x, n, d, y, p, params) -> null),
        "Classifier model 'logistic_regression' is already registered");
    assertTrue(ClassifierRegistry.implemented().containsAll(ClassifierRegistry.BUILT_IN));
    ClassifierRegistry.register("test_constant", (type, x, n, d, y, pre, params) ->
        new ProbeModel(type, pre, new double[d], 0.5, null, 0, true));
    assertTrue(ClassifierRegistry.implemented().contains("test_constant"));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> ClassifierRegistry.get("x"));
    assertTrue(unknown.getMessage().contains("test_constant"), unknown.getMessage());
  }

  private static void fails(Runner runner, krnel.graph.OpSpec op, String... parts) {
    OpFailedException e = assertThrows(OpFailedException.class, () -> runner.materialize(op));
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), () -> "expected \"" + part + "\" in: " + e.getMessage());
    }
  }
}
