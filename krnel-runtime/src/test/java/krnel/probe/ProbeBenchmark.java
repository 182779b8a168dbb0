package krnel.probe;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import krnel.ops.TrainClassifierOp.Preprocessing;

/**
 * Logistic-regression fit time on probe-like data: two Gaussian classes (anisotropic, shifted along a
 * random direction), standardized float32, C = 1 (Smile lambda = 1), ours vs Smile 2.6.0's
 * {@code LogisticRegression.binomial} on the same data in the same run. Reports median seconds,
 * iterations, train accuracy and AUROC.
 *
 * <p>Run: {@code mvn -q test-compile -pl krnel-runtime} then {@code java -cp <test classpath>
 * krnel.probe.ProbeBenchmark [n] [d] [repeats] [separation]} (default 10000 768 3 1.0), e.g. with exec:java, classpathScope=test.
 */
public final class ProbeBenchmark {
  private ProbeBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int d = args.length > 1 ? Integer.parseInt(args[1]) : 768;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    double separation = args.length > 3 ? Double.parseDouble(args[3]) : 1.0;
    Random random = new Random(42);
    double[] direction = new double[d];
    double[] spread = new double[d];
    double norm = 0;
    for (int j = 0; j < d; j++) {
      direction[j] = random.nextGaussian();
      spread[j] = 0.2 + 2.8 * random.nextDouble();
      norm += direction[j] * direction[j];
    }
    norm = Math.sqrt(norm);
    float[] x = new float[n * d];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextBoolean();
      double shift = y[i] ? 0.6 : -0.6;
      for (int j = 0; j < d; j++) {
        x[i * d + j] = (float) (random.nextGaussian() * spread[j] + 1.0 + shift * direction[j] / norm * spread[j] * separation);
      }
    }
    Preprocessor scaler = Preprocessor.fit(Preprocessing.STANDARDIZE, x, n, d);
    scaler.applyInPlace(x, n, d);
    System.out.printf("data: %d x %d float32, class means %.1f sigma apart, standardized, %d cores, %s%n", n, d,
        1.2 * separation,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));

    LinearModelTrainer.Params params = LinearModelTrainer.Params.parse("logistic_regression", Map.of(), LinearModelTrainer.Loss.LOGISTIC);
    double[] ours = new double[repeats + 1];
    LinearModelTrainer.Fit fit = null;
    for (int r = 0; r <= repeats; r++) {
      long t0 = System.nanoTime();
      fit = LinearModelTrainer.fit(x, n, d, y, params);
      ours[r] = (System.nanoTime() - t0) / 1e9;
    }
    double[] oursScores = new double[n];
    for (int i = 0; i < n; i++) {
      double z = fit.intercept();
      for (int j = 0; j < d; j++) {
        z += x[i * d + j] * fit.weights()[j];
      }
      oursScores[i] = z;
    }
    report("krnel.probe LR (L-BFGS, tol 1e-4)", ours, fit.iterations(), oursScores, y);
    System.out.printf("  our final objective (sum logloss + 0.5 ‖w‖²): %.5f%n", fit.objective());

    double[][] rows = new double[n][d];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        rows[i][j] = x[i * d + j];
      }
      labels[i] = y[i] ? 1 : 0;
    }
    int smileRepeats = Math.max(1, repeats - 1);
    double[] smileSeconds = new double[smileRepeats + 1];
    smile.classification.LogisticRegression.Binomial model = null;
    for (int r = 0; r <= smileRepeats; r++) {
      long t0 = System.nanoTime();
      model = smile.classification.LogisticRegression.binomial(rows, labels, 1.0, 1e-5, 500);
      smileSeconds[r] = (System.nanoTime() - t0) / 1e9;
    }
    double[] smileScores = new double[n];
    double[] posterior = new double[2];
    for (int i = 0; i < n; i++) {
      model.predict(rows[i], posterior);
      smileScores[i] = posterior[1];
    }
    report("Smile 2.6.0 LogisticRegression.binomial (lambda 1, tol 1e-5)", smileSeconds, -1, smileScores, y);
  }

  private static void report(String name, double[] seconds, int iterations, double[] scores, boolean[] y) {
    double[] timed = Arrays.copyOfRange(seconds, 1, seconds.length); // the first run warms up the JIT
    Arrays.sort(timed);
    double median = timed[timed.length / 2];
    double threshold = name.startsWith("Smile") ? 0.5 : 0.0;
    int correct = 0;
    for (int i = 0; i < y.length; i++) {
      correct += (scores[i] >= threshold) == y[i] ? 1 : 0;
    }
    System.out.printf("%-62s first %.3f s, median of %d %.3f s%s, train accuracy %.4f, train AUROC %.5f%n", name,
        seconds[0], timed.length, median, iterations >= 0 ? " (" + iterations + " iterations)" : "",
        (double) correct / y.length, Metrics.rocAuc(scores, y));
  }
}
