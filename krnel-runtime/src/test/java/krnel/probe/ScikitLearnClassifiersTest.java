package krnel.probe;

import static krnel.probe.EvaluationTest.booleans;
import static krnel.probe.EvaluationTest.doubles;
import static krnel.probe.EvaluationTest.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.Map;
import krnel.ops.TrainClassifierOp.Preprocessing;
import org.junit.jupiter.api.Test;

/**
 * Our deterministic models against scikit-learn's (classifier_fixture.json, made by make_fixtures.py): GaussianNB
 * probabilities, SVC and NuSVC decision values, CalibratedClassifierCV(NuSVC) probabilities, and SGDClassifier /
 * PassiveAggressiveClassifier decision values and epochs without shuffling, on the same standardized float32 data.
 */
class ScikitLearnClassifiersTest {
  /** Largest allowed |ours - sklearn| / (1 + |sklearn|) per model. */
  private static final Map<String, Double> TOLERANCE = Map.of(
      "naive_bayes", 1e-5, // scikit-learn's variances are float32 sums
      "rbf_nusvm", 2e-3, // both stop at a maximal KKT violation below tol = 1e-3
      "calibrated_rbf_nusvm", 2e-3,
      "rbf_svc", 2e-3, // Smile's LASVM reaches the optimum of the same dual by another route
      "sgd", 1e-12, // without shuffling, the same updates in the same order
      "passive_aggressive", 1e-12);

  @Test
  void matchesScikitLearn() throws Exception {
    JsonNode fx = fixture("classifier_fixture.json");
    float[][] all = new float[fx.get("x").size()][];
    for (int i = 0; i < all.length; i++) {
      all[i] = new float[fx.get("x").get(i).size()];
      for (int j = 0; j < all[i].length; j++) {
        all[i][j] = (float) fx.get("x").get(i).get(j).asDouble();
      }
    }
    boolean[] labels = booleans(fx.get("y"));
    int nTrain = fx.get("n_train").asInt();
    int d = all[0].length;
    float[][] test = Arrays.copyOfRange(all, nTrain, all.length);
    boolean[] yTest = Arrays.copyOfRange(labels, nTrain, labels.length);
    for (JsonNode fit : fx.get("fits")) {
      String type = fit.get("model").asText();
      @SuppressWarnings("unchecked")
      Map<String, Object> params = new ObjectMapper().convertValue(fit.get("params"), Map.class);
      float[] x = new float[nTrain * d];
      for (int i = 0; i < nTrain; i++) {
        System.arraycopy(all[i], 0, x, i * d, d);
      }
      Preprocessor pre = Preprocessor.fit(Preprocessing.STANDARDIZE, x, nTrain, d);
      pre.applyInPlace(x, nTrain, d);
      ProbeModel model = ClassifierRegistry.get(type).train(type, x, nTrain, d, Arrays.copyOf(labels, nTrain), pre,
          params);
      double[] scores = model.scores(test);
      double[] expected = doubles(fit.get("test_scores"));
      double worst = 0;
      for (int i = 0; i < scores.length; i++) {
        worst = Math.max(worst, Math.abs(scores[i] - expected[i]) / (1 + Math.abs(expected[i])));
      }
      double auroc = Metrics.rocAuc(scores, yTest);
      String name = type + " " + params;
      System.out.printf("%s: max |score - sklearn| / (1 + |sklearn|) = %.2e, AUROC %.6f (sklearn %.6f)%s%n", name,
          worst, auroc, fit.get("test_roc_auc").asDouble(),
          model.scorer() instanceof KernelExpansion k ? ", " + k.supportVectorCount() + " support vectors (sklearn "
              + fit.get("n_support").asInt() + ")" : "");
      assertEquals(0, worst, TOLERANCE.get(type), name);
      if (fit.has("n_iter")) {
        assertEquals(fit.get("n_iter").asInt(), model.iterations(), name + " epochs");
      }
      assertEquals(fit.get("test_roc_auc").asDouble(), auroc, 0.01, name);
    }
  }
}
