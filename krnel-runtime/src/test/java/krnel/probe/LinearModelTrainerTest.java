package krnel.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Shapes that the fixtures do not reach (several row blocks, a short last group of rows, an odd width), in both
 * layouts: rows read in place, and {@link ColumnTiles} with scores kept along the search direction.
 */
class LinearModelTrainerTest {
  private static final int N = 1027; // two full blocks (tiles) of 512 and a block of 3 rows: a group of 4 cut short
  private static final int D = 7; // an odd number of columns: the last column is scored on its own

  @ParameterizedTest(name = "tiled {0}")
  @ValueSource(booleans = {false, true})
  void oddShapesReachSmilesOptimum(boolean tiled) {
    SplittableRandom random = new SplittableRandom(7);
    float[] x = new float[N * D];
    boolean[] y = new boolean[N];
    double[][] rows = new double[N][D];
    int[] labels = new int[N];
    for (int i = 0; i < N; i++) {
      y[i] = random.nextDouble() < 0.4;
      for (int j = 0; j < D; j++) {
        x[i * D + j] = (float) (random.nextGaussian() + (y[i] ? 0.3 * (j + 1) / D : 0));
        rows[i][j] = x[i * D + j];
      }
      labels[i] = y[i] ? 1 : 0;
    }
    LinearModelTrainer.Fit fit = LinearModelTrainer.fit(x, N, D, y, logistic(Map.of("tol", 1e-8)), tiled);
    assertTrue(fit.converged());
    // Smile minimizes the same objective, sum logloss + 0.5 ||w||^2 with an unpenalized intercept (last).
    double[] expected = smile.classification.LogisticRegression.binomial(rows, labels, 1.0, 1e-10, 1000).coefficients();
    for (int j = 0; j < D; j++) {
      assertEquals(expected[j], fit.weights()[j], 1e-5, "weight " + j);
    }
    assertEquals(expected[D], fit.intercept(), 1e-5, "intercept");
  }

  /** Both layouts minimize the same objective: the same optimum for both losses, with class weights, at a width of 70. */
  @Test
  void layoutsAgree() {
    int d = 70;
    SplittableRandom random = new SplittableRandom(11);
    float[] x = new float[N * d];
    boolean[] y = new boolean[N];
    for (int i = 0; i < N; i++) {
      y[i] = random.nextDouble() < 0.3;
      for (int j = 0; j < d; j++) {
        x[i * d + j] = (float) (random.nextGaussian() * (1 + j % 5) + (y[i] && j < 10 ? 0.4 : 0));
      }
    }
    for (LinearModelTrainer.Loss loss : LinearModelTrainer.Loss.values()) {
      LinearModelTrainer.Params params = LinearModelTrainer.Params.parse(
          "model", Map.of("tol", 1e-7, "class_weight", "balanced", "C", 0.1), loss);
      LinearModelTrainer.Fit rows = LinearModelTrainer.fit(x, N, d, y, params, false);
      LinearModelTrainer.Fit tiles = LinearModelTrainer.fit(x, N, d, y, params, true);
      assertTrue(rows.converged() && tiles.converged(), loss + " converged");
      double scale = 0;
      for (double w : rows.weights()) {
        scale = Math.max(scale, Math.abs(w));
      }
      for (int j = 0; j < d; j++) {
        assertEquals(rows.weights()[j], tiles.weights()[j], 1e-5 * scale, loss + " weight " + j);
      }
      assertEquals(rows.intercept(), tiles.intercept(), 1e-5 * scale, loss + " intercept");
      // The tiled objective comes from scores moved along each step with float products: within 1e-8 relative.
      assertEquals(rows.objective(), tiles.objective(), 1e-8 * rows.objective(), loss + " objective");
    }
  }

  /** Sums run over fixed row blocks reduced in order: one thread gives the same bits as the common pool. */
  @ParameterizedTest(name = "tiled {0}")
  @ValueSource(booleans = {false, true})
  void resultsDoNotDependOnThreads(boolean tiled) throws Exception {
    int n = 3000;
    int d = 40;
    SplittableRandom random = new SplittableRandom(3);
    float[] x = new float[n * d];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextBoolean();
      for (int j = 0; j < d; j++) {
        x[i * d + j] = (float) (random.nextGaussian() + (y[i] && j % 3 == 0 ? 0.2 : 0));
      }
    }
    LinearModelTrainer.Params params = logistic(Map.of());
    LinearModelTrainer.Fit common = LinearModelTrainer.fit(x, n, d, y, params, tiled);
    ForkJoinPool single = new ForkJoinPool(1);
    try {
      LinearModelTrainer.Fit one = single.submit(() -> LinearModelTrainer.fit(x, n, d, y, params, tiled)).get();
      assertArrayEquals(common.weights(), one.weights());
      assertEquals(common.intercept(), one.intercept());
      assertEquals(common.iterations(), one.iterations());
    } finally {
      single.shutdown();
    }
  }

  /** {@link ColumnTiles#product} against double sums, on a short last tile and a width that is not a chunk multiple. */
  @Test
  void columnTilesProduct() {
    int n = 700;
    int d = 130;
    SplittableRandom random = new SplittableRandom(5);
    float[] x = new float[n * d];
    for (int k = 0; k < x.length; k++) {
      x[k] = (float) random.nextGaussian();
    }
    float[] v = new float[d];
    for (int j = 0; j < d; j++) {
      v[j] = (float) random.nextGaussian();
    }
    ColumnTiles tiles = ColumnTiles.copy(x, n, d);
    assertEquals(2, tiles.count());
    assertEquals(n - ColumnTiles.TILE, tiles.rows(1));
    double[] z = new double[n];
    for (int t = 0; t < tiles.count(); t++) {
      tiles.product(t, v, z, t * ColumnTiles.TILE, new float[ColumnTiles.TILE]);
    }
    for (int i = 0; i < n; i++) {
      double expected = 0;
      double magnitude = 0;
      for (int j = 0; j < d; j++) {
        expected += (double) x[i * d + j] * v[j];
        magnitude += Math.abs((double) x[i * d + j] * v[j]);
      }
      assertEquals(expected, z[i], 1e-6 * magnitude, "row " + i);
    }
  }

  private static LinearModelTrainer.Params logistic(Map<String, ?> params) {
    return LinearModelTrainer.Params.parse("logistic_regression", params, LinearModelTrainer.Loss.LOGISTIC);
  }
}
