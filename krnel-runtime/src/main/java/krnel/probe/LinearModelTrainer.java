package krnel.probe;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * L2-regularized binary linear models fitted with L-BFGS (10 corrections, backtracking Armijo line search):
 *
 * <ul>
 *   <li>{@link Loss#LOGISTIC}: scikit-learn's {@code LogisticRegression(solver="lbfgs")}, minimizing
 *       {@code C * sum_i s_i * logloss(y_i, x_i.w + b) + 0.5 * ||w||^2} (the intercept is not penalized;
 *       {@code s_i} are the class weights); default {@code max_iter} 100.
 *   <li>{@link Loss#SQUARED_HINGE}: scikit-learn's {@code LinearSVC()} (liblinear, {@code loss="squared_hinge"},
 *       {@code penalty="l2"}, {@code intercept_scaling=1}), minimizing
 *       {@code C * sum_i s_i * max(0, 1 - y_i (x_i.w + b))^2 + 0.5 * (||w||^2 + b^2)}: liblinear penalizes
 *       the intercept, as the weight of a constant feature 1; default {@code max_iter} 1000. Same optimum as
 *       liblinear's dual coordinate descent, reached by another route.
 * </ul>
 *
 * Data is float32, row-major; sums are in double, over fixed row blocks reduced in order, so results do not
 * depend on the number of threads.
 *
 * <p>Stops like scikit-learn 1.2 (which passes {@code gtol=tol} to scipy's L-BFGS-B and works on the
 * objective divided by {@code C}): when the largest absolute gradient component of
 * {@code sum_i s_i logloss_i + ||w||^2 / (2C)} is at most {@code tol}, when the relative decrease of that
 * objective is at most {@code 2.22e-9} (scipy's {@code ftol}), or after {@code max_iter} iterations.
 *
 * <p>Params: {@code C} (default 1.0), {@code max_iter} (100 or 1000), {@code tol} (1e-4), {@code class_weight}
 * ({@code "balanced"}: {@code n / (2 * n_class)}, or absent / null for 1).
 */
public final class LinearModelTrainer {
  /** The loss of a linear model. */
  public enum Loss { LOGISTIC, SQUARED_HINGE }

  /** The {@code params} keys accepted. */
  public static final TreeSet<String> PARAMS = new TreeSet<>(Arrays.asList("C", "max_iter", "tol", "class_weight"));

  private static final int BLOCK_ROWS = 512;
  private static final int HISTORY = 10;
  private static final double FTOL = 2.2204460492503131e-09;

  /** Parsed hyper-parameters. */
  public record Params(Loss loss, double c, int maxIter, double tol, boolean balanced) {
    public static Params parse(String model, Map<String, ?> params, Loss loss) {
      for (String key : params.keySet()) {
        if (!PARAMS.contains(key)) {
          throw new IllegalArgumentException("params: unknown parameter '" + key + "' for " + model
              + "; valid parameters: " + String.join(", ", PARAMS));
        }
      }
      double c = number(params, "C", 1.0);
      if (!(c > 0)) {
        throw new IllegalArgumentException("params: C must be a positive number, got " + params.get("C"));
      }
      double maxIter = number(params, "max_iter", loss == Loss.LOGISTIC ? 100 : 1000);
      if (maxIter < 1 || maxIter != Math.rint(maxIter)) {
        throw new IllegalArgumentException("params: max_iter must be a positive integer, got " + params.get("max_iter"));
      }
      double tol = number(params, "tol", 1e-4);
      if (!(tol >= 0)) {
        throw new IllegalArgumentException("params: tol must be a non-negative number, got " + params.get("tol"));
      }
      Object weight = params.get("class_weight");
      if (weight != null && !"balanced".equals(weight)) {
        throw new IllegalArgumentException("params: class_weight must be \"balanced\" or absent, got " + weight);
      }
      return new Params(loss, c, (int) maxIter, tol, weight != null);
    }

    private static double number(Map<String, ?> params, String key, double fallback) {
      Object value = params.get(key);
      if (value == null) {
        return fallback;
      }
      if (!(value instanceof Number) || value instanceof Boolean) {
        throw new IllegalArgumentException("params: " + key + " must be a number, got " + value);
      }
      return ((Number) value).doubleValue();
    }
  }

  /** A fitted model: weights, intercept, iterations, final objective (divided by C) and whether it converged. */
  public record Fit(double[] weights, double intercept, int iterations, double objective, boolean converged) {}

  private final float[] x;
  private final int n;
  private final int d;
  private final double[] target;
  private final double[] sampleWeight;
  private final double alpha;
  private final boolean hinge;
  private final int blocks;
  private final double[][] blockGrad;
  private final double[] blockLoss;

  private LinearModelTrainer(float[] x, int n, int d, boolean[] y, Params params) {
    this.x = x;
    this.n = n;
    this.d = d;
    this.target = new double[n];
    this.sampleWeight = new double[n];
    int positives = 0;
    for (boolean b : y) {
      positives += b ? 1 : 0;
    }
    double wPos = params.balanced() ? (double) n / (2.0 * positives) : 1.0;
    double wNeg = params.balanced() ? (double) n / (2.0 * (n - positives)) : 1.0;
    for (int i = 0; i < n; i++) {
      target[i] = y[i] ? 1 : 0;
      sampleWeight[i] = y[i] ? wPos : wNeg;
    }
    this.alpha = 1.0 / params.c();
    this.hinge = params.loss() == Loss.SQUARED_HINGE;
    this.blocks = (n + BLOCK_ROWS - 1) / BLOCK_ROWS;
    this.blockGrad = new double[blocks][d + 1];
    this.blockLoss = new double[blocks];
  }

  /**
   * Fits on {@code n} rows of {@code d} floats in {@code x} (row-major) with labels {@code y}, which
   * must hold both classes.
   */
  public static Fit fit(float[] x, int n, int d, boolean[] y, Params params) {
    if ((long) n * d != x.length || y.length != n) {
      throw new IllegalArgumentException("x has " + x.length + " values, expected " + n + " x " + d);
    }
    return new LinearModelTrainer(x, n, d, y, params).minimize(params);
  }

  /** Objective and gradient at {@code wb} (weights, then intercept). */
  private double evaluate(double[] wb, double[] grad) {
    IntStream.range(0, blocks).parallel().forEach(block -> {
      double[] g = blockGrad[block];
      Arrays.fill(g, 0);
      double loss = 0;
      double b = wb[d];
      int end = Math.min(n, (block + 1) * BLOCK_ROWS);
      for (int i = block * BLOCK_ROWS; i < end; i++) {
        int o = i * d;
        double z = b + dot(x, o, wb, d);
        double y = target[i];
        double sw = sampleWeight[i];
        double r;
        if (hinge) {
          // max(0, 1 - t z)^2 with t = +-1; gradient -2 t max(0, 1 - t z).
          double t = 2 * y - 1;
          double slack = 1 - t * z;
          if (slack <= 0) {
            continue;
          }
          loss += sw * slack * slack;
          r = -2 * sw * t * slack;
        } else {
          // log(1 + exp(z)) - y z, stably; gradient (sigmoid(z) - y).
          double log1pexp = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
          loss += sw * (log1pexp - y * z);
          double p = z > 0 ? 1.0 / (1.0 + Math.exp(-z)) : Math.exp(z) / (1.0 + Math.exp(z));
          r = sw * (p - y);
        }
        for (int j = 0; j < d; j++) {
          g[j] += r * x[o + j];
        }
        g[d] += r;
      }
      blockLoss[block] = loss;
    });
    double loss = 0;
    Arrays.fill(grad, 0);
    for (int block = 0; block < blocks; block++) {
      loss += blockLoss[block];
      double[] g = blockGrad[block];
      for (int j = 0; j <= d; j++) {
        grad[j] += g[j];
      }
    }
    double norm = 0;
    int penalized = hinge ? d + 1 : d; // liblinear penalizes the intercept
    for (int j = 0; j < penalized; j++) {
      norm += wb[j] * wb[j];
      grad[j] += alpha * wb[j];
    }
    return loss + 0.5 * alpha * norm;
  }

  private static double dot(float[] x, int o, double[] w, int d) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int j = 0;
    for (; j + 3 < d; j += 4) {
      s0 += x[o + j] * w[j];
      s1 += x[o + j + 1] * w[j + 1];
      s2 += x[o + j + 2] * w[j + 2];
      s3 += x[o + j + 3] * w[j + 3];
    }
    for (; j < d; j++) {
      s0 += x[o + j] * w[j];
    }
    return (s0 + s1) + (s2 + s3);
  }

  private Fit minimize(Params params) {
    int m = d + 1;
    double[] w = new double[m];
    double[] g = new double[m];
    double f = evaluate(w, g);
    double[][] s = new double[HISTORY][m];
    double[][] yv = new double[HISTORY][m];
    double[] rho = new double[HISTORY];
    double[] a = new double[HISTORY];
    int stored = 0;
    int head = 0;
    double[] dir = new double[m];
    double[] wNew = new double[m];
    double[] gNew = new double[m];
    int iter = 0;
    boolean converged = maxAbs(g) <= params.tol();
    while (!converged && iter < params.maxIter()) {
      // Two-loop recursion: dir = -H g.
      for (int j = 0; j < m; j++) {
        dir[j] = -g[j];
      }
      for (int k = 0; k < stored; k++) {
        int idx = Math.floorMod(head - 1 - k, HISTORY);
        a[idx] = rho[idx] * dotD(s[idx], dir);
        axpy(-a[idx], yv[idx], dir);
      }
      if (stored > 0) {
        int last = Math.floorMod(head - 1, HISTORY);
        double gamma = dotD(s[last], yv[last]) / dotD(yv[last], yv[last]);
        for (int j = 0; j < m; j++) {
          dir[j] *= gamma;
        }
      }
      for (int k = stored - 1; k >= 0; k--) {
        int idx = Math.floorMod(head - 1 - k, HISTORY);
        double beta = rho[idx] * dotD(yv[idx], dir);
        axpy(a[idx] - beta, s[idx], dir);
      }
      double slope = dotD(g, dir);
      if (!(slope < 0)) { // not a descent direction: restart from steepest descent
        stored = 0;
        for (int j = 0; j < m; j++) {
          dir[j] = -g[j];
        }
        slope = dotD(g, dir);
      }
      double step = stored == 0 ? Math.min(1.0, 1.0 / Math.sqrt(dotD(dir, dir))) : 1.0;
      double fNew = Double.NaN;
      boolean accepted = false;
      for (int tries = 0; tries < 40; tries++) {
        for (int j = 0; j < m; j++) {
          wNew[j] = w[j] + step * dir[j];
        }
        fNew = evaluate(wNew, gNew);
        if (fNew <= f + 1e-4 * step * slope) {
          accepted = true;
          break;
        }
        step *= 0.5;
      }
      iter++;
      if (!accepted) {
        break; // no decrease possible at machine precision
      }
      double sy = 0;
      double yy = 0;
      for (int j = 0; j < m; j++) {
        s[head][j] = wNew[j] - w[j];
        yv[head][j] = gNew[j] - g[j];
        sy += s[head][j] * yv[head][j];
        yy += yv[head][j] * yv[head][j];
      }
      if (sy > 1e-10 * yy) {
        rho[head] = 1.0 / sy;
        head = (head + 1) % HISTORY;
        stored = Math.min(stored + 1, HISTORY);
      }
      double decrease = (f - fNew) / Math.max(Math.max(Math.abs(f), Math.abs(fNew)), 1.0);
      System.arraycopy(wNew, 0, w, 0, m);
      System.arraycopy(gNew, 0, g, 0, m);
      f = fNew;
      converged = maxAbs(g) <= params.tol() || decrease <= FTOL;
    }
    return new Fit(Arrays.copyOf(w, d), w[d], iter, f, converged);
  }

  private static double maxAbs(double[] v) {
    double max = 0;
    for (double x : v) {
      max = Math.max(max, Math.abs(x));
    }
    return max;
  }

  private static double dotD(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void axpy(double alpha, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += alpha * x[i];
    }
  }
}
