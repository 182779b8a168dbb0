package krnel.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Shapes that the fixtures do not reach: several row blocks, a short last group of rows, an odd width. */
class LinearModelTrainerTest {
  @Test
  void oddShapesReachSmilesOptimum() {
    int n = 1027; // two full blocks of 512 and a block of 3 rows: a group of 4 cut short
    int d = 7; // an odd number of columns: the last column is scored on its own
    SplittableRandom random = new SplittableRandom(7);
    float[] x = new float[n * d];
    boolean[] y = new boolean[n];
    double[][] rows = new double[n][d];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextDouble() < 0.4;
      for (int j = 0; j < d; j++) {
        x[i * d + j] = (float) (random.nextGaussian() + (y[i] ? 0.3 * (j + 1) / d : 0));
        rows[i][j] = x[i * d + j];
      }
      labels[i] = y[i] ? 1 : 0;
    }
    LinearModelTrainer.Fit fit = LinearModelTrainer.fit(x, n, d, y,
        LinearModelTrainer.Params.parse("logistic_regression", Map.of("tol", 1e-8), LinearModelTrainer.Loss.LOGISTIC));
    assertTrue(fit.converged());
    // Smile minimizes the same objective, sum logloss + 0.5 ||w||^2 with an unpenalized intercept (last).
    double[] expected = smile.classification.LogisticRegression.binomial(rows, labels, 1.0, 1e-10, 1000).coefficients();
    for (int j = 0; j < d; j++) {
      assertEquals(expected[j], fit.weights()[j], 1e-5, "weight " + j);
    }
    assertEquals(expected[d], fit.intercept(), 1e-5, "intercept");
  }
}
