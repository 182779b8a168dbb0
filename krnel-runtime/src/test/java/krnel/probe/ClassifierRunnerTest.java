package krnel.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import krnel.ops.ClassifierPredictOp;
import krnel.ops.LoadInlineJsonDatasetOp;
import krnel.ops.TrainClassifierOp;
import krnel.ops.TrainClassifierOp.Preprocessing;
import krnel.runner.OpFailedException;
import krnel.runner.Runner;
import krnel.types.BooleanColumn;
import krnel.types.ScoreColumn;
import krnel.types.VectorColumn;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Train, predict and evaluate through the runner, for models the reference cannot score and for a user's model. */
class ClassifierRunnerTest {
  private static Map<String, List<?>> data() {
    ClassifierModelsTest.Data blobs = ClassifierModelsTest.blobs(200, 7);
    List<List<Double>> vectors = new ArrayList<>();
    List<Boolean> y = new ArrayList<>();
    List<Boolean> train = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      List<Double> v = new ArrayList<>();
      for (float f : blobs.rows()[i]) {
        v.add((double) f);
      }
      vectors.add(v);
      y.add(blobs.y()[i]);
      train.add(i < 140);
    }
    Map<String, List<?>> data = new LinkedHashMap<>();
    data.put("x", vectors);
    data.put("y", y);
    data.put("train", train);
    data.put("test", train.stream().map(b -> !b).toList());
    return data;
  }

  @Test
  void probabilisticModelsPredictProbabilities(@TempDir Path store) {
    List<ScoreColumn> predictions = new ArrayList<>();
    try (Runner runner = Runner.open(store.toString())) {
      LoadInlineJsonDatasetOp ds = runner.fromInlineDataset(data());
      VectorColumn x = ds.colVector("x");
      BooleanColumn label = ds.colBoolean("y");
      for (String name : List.of("naive_bayes", "random_forest", "calibrated_rbf_nusvm")) {
        TrainClassifierOp probe = x.trainClassifier(name, label,
            o -> o.trainDomain(ds.colBoolean("train")).preprocessing(Preprocessing.STANDARDIZE));
        ScoreColumn scores = probe.predict(x);
        JsonNode report = runner.toJson(scores.evaluate(label, o -> o.predictDomain(ds.colBoolean("test"))));
        assertTrue(report.get("all").get("roc_auc").asDouble() > 0.98, name + ": " + report);
        JsonNode model = runner.toJson(probe);
        assertEquals("probability", model.get("score_kind").asText(), name);
        for (double s : runner.toDoubleArray(scores)) {
          assertTrue(s >= 0 && s <= 1, name + " score " + s);
        }
        predictions.add(scores);
      }
    }
    try (Runner reader = Runner.open(store.toString())) { // from result.json and result.parquet
      for (ScoreColumn scores : predictions) {
        try (VectorSchemaRoot table = reader.toArrow(scores)) {
          assertEquals(Map.of(ClassifierPredictImplementation.SCORE_KIND, "probability"),
              table.getSchema().getFields().get(0).getMetadata());
        }
        ClassifierPredictOp predict = (ClassifierPredictOp) scores;
        ProbeModel stored = ProbeModel.fromJson(reader.toJson(predict.model()));
        assertArrayEquals(reader.toDoubleArray(scores), stored.scores(reader.toFloatMatrix(predict.x())), 0.0);
      }
    }
  }

  @Test
  void usersRegisterTheirOwnModel() {
    // A nearest-centroid probe: the difference of the class means as a linear model.
    ClassifierRegistry.register("test_nearest_centroid", (type, x, n, d, y, pre, params) -> {
      double[] w = new double[d];
      double[] count = new double[2];
      for (boolean v : y) {
        count[v ? 1 : 0]++;
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          w[j] += x[i * d + j] / (y[i] ? count[1] : -count[0]);
        }
      }
      return new ProbeModel(type, pre, w, 0, null, 0, true);
    });
    assertThrows(IllegalArgumentException.class, () -> ClassifierRegistry.register("test_nearest_centroid",
        (type, x, n, d, y, pre, params) -> null), "Classifier model 'test_nearest_centroid' is already registered");
    assertThrows(IllegalArgumentException.class, () -> ClassifierRegistry.register("rbf_svc",
        (type, x, n, d, y, pre, params) -> null), "Classifier model 'rbf_svc' is already registered");
    try (Runner runner = Runner.memory()) {
      LoadInlineJsonDatasetOp ds = runner.fromInlineDataset(data());
      VectorColumn x = ds.colVector("x");
      BooleanColumn label = ds.colBoolean("y");
      TrainClassifierOp probe = x.trainClassifier("test_nearest_centroid", label,
          o -> o.trainDomain(ds.colBoolean("train")).preprocessing(Preprocessing.STANDARDIZE));
      JsonNode report = runner.toJson(probe.predict(x).evaluate(label, o -> o.predictDomain(ds.colBoolean("test"))));
      assertTrue(report.get("all").get("roc_auc").asDouble() > 0.98, report.toString());
      OpFailedException e = assertThrows(OpFailedException.class,
          () -> runner.materialize(x.trainClassifier("no_such_model", label)));
      assertTrue(e.getMessage().contains("TrainClassifierOp") && e.getMessage().contains(
          "model_type: Unknown classifier model 'no_such_model'. Available models: calibrated_rbf_nusvm, linear_svc,"),
          e.getMessage());
      assertTrue(e.getMessage().contains("test_nearest_centroid"), e.getMessage());
    }
  }

  @Test
  void nonFiniteOrNullFeaturesFailNamingTheRow() {
    for (Double bad : java.util.Arrays.asList(Double.NaN, Double.POSITIVE_INFINITY, null)) {
      Map<String, List<?>> data = data();
      @SuppressWarnings("unchecked")
      List<List<Double>> vectors = (List<List<Double>>) data.get("x");
      List<Double> row = new ArrayList<>(vectors.get(3));
      row.set(1, bad);
      vectors.set(3, row);
      try (Runner runner = Runner.memory()) {
        LoadInlineJsonDatasetOp ds = runner.fromInlineDataset(data);
        TrainClassifierOp probe = ds.colVector("x").trainClassifier("logistic_regression", ds.colBoolean("y"));
        OpFailedException e = assertThrows(OpFailedException.class, () -> runner.materialize(probe));
        String expected = bad == null ? "x: row 3 has a null at element 1" : "x: row 3 holds " + bad.floatValue()
            + " at element 1";
        assertTrue(e.getMessage().contains("TrainClassifierOp") && e.getMessage().contains(expected), e.getMessage());
      }
    }
  }
}
