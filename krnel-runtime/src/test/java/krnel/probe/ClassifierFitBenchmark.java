package krnel.probe;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import krnel.ops.TrainClassifierOp.Preprocessing;

/**
 * Fit and score time of every built-in classifier on probe-like data: two Gaussian classes shifted by
 * {@code +-0.6} along a random direction, anisotropic, standardized float32; 75% train, 25% held out. Prints
 * seconds to fit, seconds to score the held-out rows, held-out AUROC and the JSON size of the model. There is no
 * speed target for these models (only for logistic regression, {@link ProbeBenchmark}): this shows what a probe of
 * each kind costs.
 *
 * <p>Run: {@code mvn -q test-compile -pl krnel-runtime -am}, then {@code java -cp <test classpath>
 * krnel.probe.ClassifierFitBenchmark [n] [d]} (default 2000 768).
 */
public final class ClassifierFitBenchmark {
  private ClassifierFitBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int d = args.length > 1 ? Integer.parseInt(args[1]) : 768;
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
    float[][] rows = new float[n][d];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextBoolean();
      for (int j = 0; j < d; j++) {
        rows[i][j] = (float) (random.nextGaussian() * spread[j] + (y[i] ? 0.6 : -0.6) * direction[j] / norm * 3);
      }
    }
    int nTrain = n * 3 / 4;
    float[] x = new float[nTrain * d];
    for (int i = 0; i < nTrain; i++) {
      System.arraycopy(rows[i], 0, x, i * d, d);
    }
    Preprocessor pre = Preprocessor.fit(Preprocessing.STANDARDIZE, x, nTrain, d);
    pre.applyInPlace(x, nTrain, d);
    float[][] test = Arrays.copyOfRange(rows, nTrain, n);
    boolean[] yTest = Arrays.copyOfRange(y, nTrain, n);
    boolean[] yTrain = Arrays.copyOf(y, nTrain);
    System.out.printf("%d x %d (train %d), standardized%n", n, d, nTrain);
    System.out.printf("%-28s %9s %9s %8s %10s%n", "model", "fit s", "score s", "AUROC", "JSON bytes");
    for (String name : List.of("logistic_regression", "linear_svc", "rbf_svc", "rbf_nusvm", "calibrated_rbf_nusvm",
        "passive_aggressive", "sgd", "sgd_nystroem", "sgd_nystroem_one_class_svm", "random_forest", "naive_bayes")) {
      long t0 = System.nanoTime();
      ProbeModel model = ClassifierRegistry.get(name).train(name, x.clone(), nTrain, d, yTrain, pre, Map.of());
      long t1 = System.nanoTime();
      double[] scores = model.scores(test);
      long t2 = System.nanoTime();
      System.out.printf("%-28s %9.3f %9.3f %8.4f %10d%n", name, (t1 - t0) / 1e9, (t2 - t1) / 1e9,
          Metrics.rocAuc(scores, yTest), model.toJson().toString().length());
    }
  }
}
