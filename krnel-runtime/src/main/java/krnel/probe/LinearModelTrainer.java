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
 * Data is float32, row-major. Gradient terms are summed in float over at most 32 rows and then in double, over
 * fixed row blocks reduced in order, so results do not depend on the number of threads. Scores are never plain
 * float sums (those made the objective noisy enough to cost L-BFGS iterations); they are kept in one of two ways:
 *
 * <ul>
 *   <li>Inputs of at most {@link #TILED_MAX_VALUES} values are also copied into {@link ColumnTiles}, where
 *       {@code X v} vectorizes. Each iteration computes {@code u = X d} for its search direction {@code d} there,
 *       in float, and moves the scores along the line in double, {@code z + t u}: a line-search trial costs O(n),
 *       the objective is smooth along each line, the float error enters only through the steps taken (the final
 *       objective within 1e-8 relative of a fresh evaluation), and the gradient is one more pass over the rows at
 *       the accepted point only.
 *   <li>Larger inputs (for which the copy would double the memory) are read in place, once per objective
 *       evaluation: scores summed in double, gradient terms added in the same pass.
 * </ul>
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

  /**
   * Inputs of at most this many values (32 MB of floats, 10,000 x 768 for instance) are fitted from a
   * {@link ColumnTiles} copy. Around here the copy stops paying: at 20,000 x 768 both layouts took the same time
   * on the loaded benchmark machine, at 30,000 x 4096 the copy took 5% more CPU time (two passes over memory per
   * iteration instead of about one).
   */
  static final long TILED_MAX_VALUES = 1L << 23;

  private static final int BLOCK_ROWS = ColumnTiles.TILE;
  private static final int GROUP = 4; // rows scored together: the unrolling of scores and addRows
  private static final int FLUSH_GROUPS = 8; // float partial gradient sums cover at most 32 rows
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
  private final ColumnTiles tiles; // null: the rows are read in place, once per evaluation
  private final double[] z; // tiled: x_i . w at the current point (without the intercept)
  private final double[] u; // tiled: x_i . d for the current search direction (without the intercept)
  private final float[] direction; // tiled: d as floats

  private LinearModelTrainer(float[] x, int n, int d, boolean[] y, Params params, boolean tiled) {
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
    this.tiles = tiled ? ColumnTiles.copy(x, n, d) : null;
    this.blocks = (n + BLOCK_ROWS - 1) / BLOCK_ROWS; // = tiles.count(): a tile is a block
    this.blockGrad = new double[blocks][d + 1];
    this.blockLoss = new double[blocks];
    this.z = new double[tiled ? n : 0];
    this.u = new double[tiled ? n : 0];
    this.direction = new float[tiled ? d : 0];
  }

  /**
   * Fits on {@code n} rows of {@code d} floats in {@code x} (row-major) with labels {@code y}, which
   * must hold both classes.
   */
  public static Fit fit(float[] x, int n, int d, boolean[] y, Params params) {
    return fit(x, n, d, y, params, (long) n * d <= TILED_MAX_VALUES);
  }

  /** {@link #fit}, with the layout chosen by the caller: {@code tiled} copies the rows into {@link ColumnTiles}. */
  static Fit fit(float[] x, int n, int d, boolean[] y, Params params, boolean tiled) {
    if ((long) n * d != x.length || y.length != n) {
      throw new IllegalArgumentException("x has " + x.length + " values, expected " + n + " x " + d);
    }
    return new LinearModelTrainer(x, n, d, y, params, tiled).minimize(params);
  }

  /** Objective and gradient at {@code wb} (weights, then intercept), reading the rows in place. */
  private double evaluate(double[] wb, double[] grad) {
    evaluateRows(wb);
    sumGradients(wb, grad);
    return sumLosses() + penalty(wb);
  }

  private double sumLosses() {
    double loss = 0;
    for (int block = 0; block < blocks; block++) {
      loss += blockLoss[block];
    }
    return loss;
  }

  /** {@code grad} = the blocks' gradient sums in order, plus the penalty's gradient at {@code wb}. */
  private void sumGradients(double[] wb, double[] grad) {
    Arrays.fill(grad, 0);
    for (int block = 0; block < blocks; block++) {
      double[] g = blockGrad[block];
      for (int j = 0; j <= d; j++) {
        grad[j] += g[j];
      }
    }
    for (int j = 0; j < penalized(); j++) {
      grad[j] += alpha * wb[j];
    }
  }

  private double penalty(double[] wb) {
    double norm = 0;
    for (int j = 0; j < penalized(); j++) {
      norm += wb[j] * wb[j];
    }
    return 0.5 * alpha * norm;
  }

  private int penalized() {
    return hinge ? d + 1 : d; // liblinear penalizes the intercept
  }

  /** Tiled: {@link #u} = the rows times the weights of search direction {@code dir}, a tile per block. */
  private void setDirection(double[] dir) {
    for (int j = 0; j < d; j++) {
      direction[j] = (float) dir[j];
    }
    IntStream.range(0, blocks).parallel().forEach(block ->
        tiles.product(block, direction, u, block * BLOCK_ROWS, new float[ColumnTiles.TILE]));
  }

  /** Tiled: the objective at {@code wb = w + step * d}, from the scores {@code z + step * u}: O(n). */
  private double valueAlong(double step, double[] wb) {
    IntStream.range(0, blocks).parallel().forEach(block -> {
      double loss = 0;
      for (int i = block * BLOCK_ROWS, end = Math.min(n, i + BLOCK_ROWS); i < end; i++) {
        loss += loss(i, z[i] + step * u[i] + wb[d]);
      }
      blockLoss[block] = loss;
    });
    return sumLosses() + penalty(wb);
  }

  /** Tiled: moves the scores to {@code wb = w + step * d} and puts the gradient there into {@code grad}. */
  private void acceptAlong(double step, double[] wb, double[] grad) {
    for (int i = 0; i < n; i++) {
      z[i] += step * u[i];
    }
    gradientRows(wb);
    sumGradients(wb, grad);
  }

  /**
   * Tiled: the gradient sums at the scores {@link #z} plus the intercept {@code wb[d]} into {@link #blockGrad},
   * {@link #GROUP} rows at a time copied into rows of their own as in {@link #evaluateRows}.
   */
  private void gradientRows(double[] wb) {
    IntStream.range(0, blocks).parallel().forEach(block -> {
      float[][] rows = new float[GROUP][d];
      float[] partial = new float[d];
      float[] r = new float[GROUP];
      double[] g = blockGrad[block];
      Arrays.fill(g, 0);
      double interceptGrad = 0;
      int end = Math.min(n, (block + 1) * BLOCK_ROWS);
      for (int i = block * BLOCK_ROWS, group = 1; i < end; i += GROUP, group++) {
        int count = Math.min(GROUP, end - i);
        copyGroup(i, count, rows);
        for (int k = 0; k < GROUP; k++) {
          double residual = k < count ? residual(i + k, z[i + k] + wb[d]) : 0;
          r[k] = (float) residual;
          interceptGrad += residual;
        }
        addRows(partial, rows, r);
        if (group % FLUSH_GROUPS == 0 || i + GROUP >= end) {
          flush(partial, g);
        }
      }
      g[d] = interceptGrad;
    });
  }

  /** Rows {@code i} to {@code i + count - 1} into {@code rows}, zeros after them (the last group of a block may be short). */
  private void copyGroup(int i, int count, float[][] rows) {
    for (int k = 0; k < GROUP; k++) {
      if (k < count) {
        System.arraycopy(x, (i + k) * d, rows[k], 0, d);
      } else {
        Arrays.fill(rows[k], 0);
      }
    }
  }

  /** Moves the float partial sums into the double ones, before float rounding grows with their size. */
  private static void flush(float[] partial, double[] g) {
    for (int j = 0; j < partial.length; j++) {
      g[j] += partial[j];
      partial[j] = 0;
    }
  }

  /**
   * The loss and gradient sums at {@code wb}, in one pass over the rows read in place: each group of
   * {@link #GROUP} rows is copied into row arrays of its own (so that the gradient loop, which then indexes every
   * array from 0, is vectorized by C2 on JDK 17, which does not vectorize a loop over two float arrays at
   * different offsets), their scores are computed together, and their gradient terms are added in float into
   * a partial sum that is moved to the double sum every {@link #FLUSH_GROUPS} groups.
   */
  private void evaluateRows(double[] wb) {
    IntStream.range(0, blocks).parallel().forEach(block -> {
      float[][] rows = new float[GROUP][d];
      float[] partial = new float[d];
      double[] g = blockGrad[block];
      double[] z = new double[GROUP];
      float[] r = new float[GROUP];
      Arrays.fill(g, 0);
      double loss = 0;
      double interceptGrad = 0;
      int end = Math.min(n, (block + 1) * BLOCK_ROWS);
      for (int i = block * BLOCK_ROWS, group = 1; i < end; i += GROUP, group++) {
        int count = Math.min(GROUP, end - i);
        copyGroup(i, count, rows);
        scores(i, count, wb, z);
        for (int k = 0; k < GROUP; k++) {
          double residual = 0;
          if (k < count) {
            double score = z[k] + wb[d];
            loss += loss(i + k, score);
            residual = residual(i + k, score);
          }
          r[k] = (float) residual;
          interceptGrad += residual;
        }
        addRows(partial, rows, r);
        if (group % FLUSH_GROUPS == 0 || i + GROUP >= end) {
          flush(partial, g);
        }
      }
      g[d] = interceptGrad;
      blockLoss[block] = loss;
    });
  }

  /** The loss of row {@code i} at {@code score}. */
  private double loss(int i, double score) {
    if (hinge) { // max(0, 1 - t z)^2 with t = +-1
      double slack = Math.max(0, 1 - (2 * target[i] - 1) * score);
      return sampleWeight[i] * slack * slack;
    }
    // log(1 + exp(z)) - y z, stably
    double log1pexp = Math.max(score, 0) + Math.log1p(Math.exp(-Math.abs(score)));
    return sampleWeight[i] * (log1pexp - target[i] * score);
  }

  /** The derivative of {@link #loss} in {@code score}. */
  private double residual(int i, double score) {
    if (hinge) { // -2 t max(0, 1 - t z)
      double t = 2 * target[i] - 1;
      return -2 * sampleWeight[i] * t * Math.max(0, 1 - t * score);
    }
    // sigmoid(z) - y
    double e = Math.exp(-Math.abs(score));
    double p = score > 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    return sampleWeight[i] * (p - target[i]);
  }

  /**
   * {@code z[k] = x[i + k] . w} (without the intercept) for the {@link #GROUP} rows from {@code i}, with
   * sixteen independent double sums (four columns of four rows), which keeps the FMA units busy. It reads
   * {@code x} at row offsets on purpose: C2 would turn the same loop over arrays indexed from 0 into ordered
   * vector reductions, which are slower than these scalar sums.
   */
  private void scores(int i, int count, double[] w, double[] z) {
    int o0 = i * d;
    int o1 = o0 + (count > 1 ? d : 0); // a short last group repeats row i; its extra scores are not used
    int o2 = o0 + (count > 2 ? 2 * d : 0);
    int o3 = o0 + (count > 3 ? 3 * d : 0);
    double a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
    double c0 = 0, c1 = 0, c2 = 0, c3 = 0, e0 = 0, e1 = 0, e2 = 0, e3 = 0;
    int j = 0;
    for (; j + 3 < d; j += 4) {
      double u = w[j], v = w[j + 1], p = w[j + 2], q = w[j + 3];
      a0 += x[o0 + j] * u; a1 += x[o1 + j] * u; a2 += x[o2 + j] * u; a3 += x[o3 + j] * u;
      b0 += x[o0 + j + 1] * v; b1 += x[o1 + j + 1] * v; b2 += x[o2 + j + 1] * v; b3 += x[o3 + j + 1] * v;
      c0 += x[o0 + j + 2] * p; c1 += x[o1 + j + 2] * p; c2 += x[o2 + j + 2] * p; c3 += x[o3 + j + 2] * p;
      e0 += x[o0 + j + 3] * q; e1 += x[o1 + j + 3] * q; e2 += x[o2 + j + 3] * q; e3 += x[o3 + j + 3] * q;
    }
    for (; j < d; j++) {
      double u = w[j];
      a0 += x[o0 + j] * u; a1 += x[o1 + j] * u; a2 += x[o2 + j] * u; a3 += x[o3 + j] * u;
    }
    z[0] = (a0 + b0) + (c0 + e0);
    z[1] = (a1 + b1) + (c1 + e1);
    z[2] = (a2 + b2) + (c2 + e2);
    z[3] = (a3 + b3) + (c3 + e3);
  }

  /** {@code g += sum_k r[k] * rows[k]}: every array indexed from 0, so that C2 vectorizes it. */
  private static void addRows(float[] g, float[][] rows, float[] r) {
    float[] x0 = rows[0];
    float[] x1 = rows[1];
    float[] x2 = rows[2];
    float[] x3 = rows[3];
    float r0 = r[0];
    float r1 = r[1];
    float r2 = r[2];
    float r3 = r[3];
    for (int j = 0; j < g.length; j++) {
      g[j] += r0 * x0[j] + r1 * x1[j] + r2 * x2[j] + r3 * x3[j];
    }
  }

  private Fit minimize(Params params) {
    int m = d + 1;
    double[] w = new double[m];
    double[] g = new double[m];
    double f;
    if (tiles != null) { // w = 0: the scores z are 0
      f = valueAlong(0, w);
      acceptAlong(0, w, g);
    } else {
      f = evaluate(w, g);
    }
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
      if (tiles != null) {
        setDirection(dir);
      }
      double fNew = Double.NaN;
      boolean accepted = false;
      for (int tries = 0; tries < 40; tries++) {
        for (int j = 0; j < m; j++) {
          wNew[j] = w[j] + step * dir[j];
        }
        fNew = tiles != null ? valueAlong(step, wNew) : evaluate(wNew, gNew);
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
      if (tiles != null) {
        acceptAlong(step, wNew, gNew);
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
