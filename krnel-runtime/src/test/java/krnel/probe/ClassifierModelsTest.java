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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    ProbeModel back = roundTrip(model);
    assertArrayEquals(scores, back.scores(test.rows()), 0.0, name);
    assertEquals(model.toJson(), back.toJson(), name);
    JsonNode json = model.toJson();
    boolean probabilistic = List.of("calibrated_rbf_nusvm", "random_forest", "naive_bayes").contains(name);
    assertEquals(probabilistic ? "probability" : "decision_function", json.get("score_kind").asText(), name);
    if (probabilistic) {
      assertTrue(Arrays.stream(scores).allMatch(s -> s >= 0 && s <= 1), name);
    }
  }
}
