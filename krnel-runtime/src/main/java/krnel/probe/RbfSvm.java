package krnel.probe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import smile.base.svm.KernelMachine;
import smile.base.svm.LASVM;
import smile.math.MathEx;
import smile.math.kernel.GaussianKernel;

/**
 * The RBF support vector machines of the registry, exported as {@link KernelExpansion}s:
 *
 * <ul>
 *   <li>{@code rbf_svc} ({@code SVC(kernel="rbf")}): Smile 2.6.0's {@code LASVM}, which solves the same C-SVM
 *       dual as libsvm by online passes ({@code epochs}) followed by a finishing step to tolerance {@code tol};
 *       Smile's {@code GaussianKernel(sigma)} is {@code exp(-||a - b||^2 / (2 sigma^2))}, so
 *       {@code sigma = sqrt(1 / (2 gamma))}.
 *   <li>{@code rbf_nusvm} ({@code NuSVC(kernel="rbf")}): {@link NuSvmSolver}.
 *   <li>{@code calibrated_rbf_nusvm} ({@code CalibratedClassifierCV(NuSVC(kernel="rbf"), cv)}): a NuSVC per fold of
 *       scikit-learn's {@code StratifiedKFold(cv)} (no shuffling, default 5), each with Platt's sigmoid fitted on
 *       its held-out fold; a {@link CalibratedEnsemble}.
 * </ul>
 *
 * {@code gamma}: {@code "scale"} (default, {@code 1 / (d var(x))}, over all values; 1 if that variance is 0),
 * {@code "auto"} ({@code 1 / d}) or a positive number, as in scikit-learn.
 */
final class RbfSvm {
  static final List<String> SVC_PARAMS = List.of("C", "epochs", "gamma", "random_state", "tol");
  static final List<String> NU_PARAMS = List.of("cache_size", "gamma", "max_iter", "nu", "tol");
  private static final List<String> CALIBRATED_PARAMS;

  static {
    List<String> keys = new ArrayList<>(NU_PARAMS);
    keys.add("cv");
    CALIBRATED_PARAMS = List.copyOf(keys);
  }

  private RbfSvm() {}

  /** A trained machine with its optimizer's iteration count and convergence. */
  record Trained<S extends Scorer>(S model, int iterations, boolean converged) {}

  static Trained<KernelExpansion> svc(String model, float[] x, int n, int d, boolean[] y, Map<String, Object> params) {
    ParamReader p = new ParamReader(model, params, SVC_PARAMS);
    double c = p.positive("C", 1.0);
    double gamma = gamma(p, x, d);
    double tol = p.positive("tol", 1e-3);
    int epochs = p.integer("epochs", 2, 1);
    double[][] rows = SmileData.rows(x, n, d);
    int[] labels = SmileData.labels(y, 1, -1);
    MathEx.setSeed(p.integer("random_state", 0, 0)); // LASVM visits rows in a random order
    KernelMachine<double[]> machine = new LASVM<double[]>(new GaussianKernel(Math.sqrt(0.5 / gamma)), c, tol)
        .fit(rows, labels, epochs);
    return new Trained<>(new KernelExpansion(d, gamma, machine.instances(), machine.weights(), machine.intercept()),
        epochs, true);
  }

  static Trained<KernelExpansion> nu(String model, float[] x, int n, int d, boolean[] y, Map<String, Object> params) {
    return nu(new ParamReader(model, params, NU_PARAMS), x, n, d, y);
  }

  private static Trained<KernelExpansion> nu(ParamReader p, float[] x, int n, int d, boolean[] y) {
    double nu = p.fraction("nu", 0.5, true);
    double gamma = gamma(p, x, d);
    double tol = p.positive("tol", 1e-3);
    int maxIter = p.integer("max_iter", -1, -1);
    if (maxIter == 0) {
      throw p.error("max_iter", "must be -1 (no limit) or a positive integer", 0);
    }
    double cacheMb = p.positive("cache_size", 200);
    NuSvmSolver.Solution s = NuSvmSolver.solve(x, n, d, y, gamma, nu, tol, maxIter, (long) (cacheMb * (1 << 20)));
    double[][] support = new double[s.support().length][d];
    for (int k = 0; k < support.length; k++) {
      for (int j = 0; j < d; j++) {
        support[k][j] = x[s.support()[k] * d + j];
      }
    }
    return new Trained<>(new KernelExpansion(d, gamma, support, s.coef(), -s.rho()), s.iterations(), s.converged());
  }

  static Trained<CalibratedEnsemble> calibrated(String model, float[] x, int n, int d, boolean[] y, Map<String, Object> params) {
    ParamReader p = new ParamReader(model, params, CALIBRATED_PARAMS);
    int folds = p.integer("cv", 5, 2);
    int[] fold = stratifiedFolds(y, folds, p);
    List<CalibratedEnsemble.Member> members = new ArrayList<>();
    int iterations = 0;
    boolean converged = true;
    for (int f = 0; f < folds; f++) {
      int nTest = 0;
      for (int v : fold) {
        nTest += v == f ? 1 : 0;
      }
      int nTrain = n - nTest;
      float[] train = new float[nTrain * d];
      boolean[] yTrain = new boolean[nTrain];
      float[][] test = new float[nTest][];
      boolean[] yTest = new boolean[nTest];
      for (int i = 0, a = 0, b = 0; i < n; i++) {
        if (fold[i] == f) {
          test[b] = Arrays.copyOfRange(x, i * d, (i + 1) * d);
          yTest[b++] = y[i];
        } else {
          System.arraycopy(x, i * d, train, a * d, d);
          yTrain[a++] = y[i];
        }
      }
      Trained<KernelExpansion> t = nu(p, train, nTrain, d, yTrain);
      double[] scores = new double[nTest];
      for (int i = 0; i < nTest; i++) {
        scores[i] = t.model().score(test[i]);
      }
      double[] ab = Platt.fit(scores, yTest);
      members.add(new CalibratedEnsemble.Member(t.model(), ab[0], ab[1]));
      iterations += t.iterations();
      converged &= t.converged();
    }
    return new Trained<>(new CalibratedEnsemble(members), iterations, converged);
  }

  /**
   * scikit-learn's {@code StratifiedKFold(folds)._make_test_folds} without shuffling: classes numbered in order of
   * first appearance, and within a class the rows, in order, fill fold 0, then 1, ..., with the counts that
   * dealing the sorted labels round-robin gives.
   */
  static int[] stratifiedFolds(boolean[] y, int folds, ParamReader p) {
    int n = y.length;
    boolean firstClass = y[0];
    int countFirst = 0;
    for (boolean v : y) {
      countFirst += v == firstClass ? 1 : 0;
    }
    int[] counts = {countFirst, n - countFirst};
    if (folds > Math.min(counts[0], counts[1])) {
      throw p.error("cv", "must be at most the number of rows of each class (" + Math.min(counts[0], counts[1])
          + ")", folds);
    }
    int[][] allocation = new int[folds][2];
    for (int i = 0; i < folds; i++) {
      for (int pos = i; pos < n; pos += folds) {
        allocation[i][pos < counts[0] ? 0 : 1]++;
      }
    }
    int[] fold = new int[n];
    int[] current = new int[2];
    int[] used = new int[2];
    for (int i = 0; i < n; i++) {
      int k = y[i] == firstClass ? 0 : 1;
      while (used[k] == allocation[current[k]][k]) {
        current[k]++;
        used[k] = 0;
      }
      fold[i] = current[k];
      used[k]++;
    }
    return fold;
  }

  private static double gamma(ParamReader p, float[] x, int d) {
    Object value = p.raw("gamma");
    if (value == null || "scale".equals(value)) {
      double sum = 0;
      for (float v : x) {
        sum += v;
      }
      double mean = sum / x.length;
      double var = 0;
      for (float v : x) {
        var += (v - mean) * (v - mean);
      }
      var /= x.length;
      return var == 0 ? 1.0 : 1.0 / (d * var);
    }
    if ("auto".equals(value)) {
      return 1.0 / d;
    }
    if (value instanceof Number) {
      return p.positive("gamma", 0);
    }
    throw p.error("gamma", "must be \"scale\", \"auto\" or a positive number", value);
  }
}
