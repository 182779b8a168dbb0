package krnel.probe;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * libsvm's {@code Solver_NU} for {@code nu}-SVC with an RBF kernel (what scikit-learn's {@code NuSVC} runs),
 * without shrinking (which changes speed, not the optimum): SMO with second-order working-set selection within
 * each class, stopping when the maximal violation is below {@code eps}. Kernel rows are float32 like libsvm's
 * and kept in a least-recently-used cache of {@code cacheBytes}. Smile 2.6.0 has no nu-SVM.
 */
final class NuSvmSolver {
  private static final double TAU = 1e-12;

  /** The decision function {@code sum_i coef_i k(x_support_i, x) - rho}, iterations, and whether it converged. */
  record Solution(int[] support, double[] coef, double rho, int iterations, boolean converged) {}

  private final float[] x;
  private final int n;
  private final int d;
  private final double gamma;
  private final double[] sq;
  private final byte[] y;
  private final Map<Integer, float[]> cache;

  private NuSvmSolver(float[] x, int n, int d, boolean[] labels, double gamma, long cacheBytes) {
    this.x = x;
    this.n = n;
    this.d = d;
    this.gamma = gamma;
    this.sq = new double[n];
    this.y = new byte[n];
    for (int i = 0; i < n; i++) {
      sq[i] = dot(i, i);
      y[i] = (byte) (labels[i] ? 1 : -1);
    }
    int rows = (int) Math.max(2, Math.min(n, cacheBytes / (4L * n)));
    this.cache = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Integer, float[]> eldest) {
        return size() > rows;
      }
    };
  }

  /**
   * Solves on {@code n} rows of {@code d} floats (row-major); {@code maxIter} -1 means libsvm's own limit.
   * Fails like libsvm when {@code nu} is infeasible for the class sizes.
   */
  static Solution solve(float[] x, int n, int d, boolean[] labels, double gamma, double nu, double eps, int maxIter,
      long cacheBytes) {
    int positives = 0;
    for (boolean b : labels) {
      positives += b ? 1 : 0;
    }
    if (nu * n / 2 > Math.min(positives, n - positives)) {
      throw new IllegalArgumentException("params: nu " + nu + " is infeasible for " + positives + " positive and "
          + (n - positives) + " negative training rows (specified nu is infeasible: need nu <= 2 * min(n_pos, n_neg) / n = "
          + 2.0 * Math.min(positives, n - positives) / n + ")");
    }
    return new NuSvmSolver(x, n, d, labels, gamma, cacheBytes).run(nu, eps, maxIter);
  }

  private double dot(int i, int j) {
    double s = 0;
    int a = i * d;
    int b = j * d;
    for (int k = 0; k < d; k++) {
      s += x[a + k] * x[b + k];
    }
    return s;
  }

  /** Row {@code i} of {@code Q_ij = y_i y_j k(x_i, x_j)}. */
  private float[] row(int i) {
    float[] q = cache.get(i);
    if (q == null) {
      q = new float[n];
      for (int j = 0; j < n; j++) {
        q[j] = (float) (y[i] * y[j] * Math.exp(-gamma * (sq[i] + sq[j] - 2 * dot(i, j))));
      }
      cache.put(i, q);
    }
    return q;
  }

  private Solution run(double nu, double eps, int maxIter) {
    double[] alpha = new double[n];
    double sumPos = nu * n / 2;
    double sumNeg = nu * n / 2;
    for (int i = 0; i < n; i++) {
      if (y[i] > 0) {
        alpha[i] = Math.min(1.0, sumPos);
        sumPos -= alpha[i];
      } else {
        alpha[i] = Math.min(1.0, sumNeg);
        sumNeg -= alpha[i];
      }
    }
    double[] qd = new double[n];
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      qd[i] = Math.exp(-gamma * (sq[i] + sq[i] - 2 * sq[i]));
    }
    for (int i = 0; i < n; i++) {
      if (alpha[i] != 0) {
        float[] qi = row(i);
        for (int j = 0; j < n; j++) {
          g[j] += alpha[i] * qi[j];
        }
      }
    }
    long limit = maxIter < 0 ? Math.max(10_000_000L, 100L * n) : maxIter;
    int iter = 0;
    boolean converged = false;
    int[] pair = new int[2];
    while (iter < limit) {
      if (optimal(alpha, g, qd, eps, pair)) {
        converged = true;
        break;
      }
      iter++;
      int i = pair[0];
      int j = pair[1];
      float[] qi = row(i);
      float[] qj = row(j);
      // i and j are of the same class, and both bounds are C = 1.
      double oldI = alpha[i];
      double oldJ = alpha[j];
      double quad = qd[i] + qd[j] - 2 * qi[j];
      if (quad <= 0) {
        quad = TAU;
      }
      double delta = (g[i] - g[j]) / quad;
      double sum = alpha[i] + alpha[j];
      alpha[i] -= delta;
      alpha[j] += delta;
      if (sum > 1) {
        if (alpha[i] > 1) {
          alpha[i] = 1;
          alpha[j] = sum - 1;
        }
      } else if (alpha[j] < 0) {
        alpha[j] = 0;
        alpha[i] = sum;
      }
      if (sum > 1) {
        if (alpha[j] > 1) {
          alpha[j] = 1;
          alpha[i] = sum - 1;
        }
      } else if (alpha[i] < 0) {
        alpha[i] = 0;
        alpha[j] = sum;
      }
      double di = alpha[i] - oldI;
      double dj = alpha[j] - oldJ;
      for (int k = 0; k < n; k++) {
        g[k] += qi[k] * di + qj[k] * dj;
      }
    }
    return result(alpha, g, iter, converged);
  }

  /** libsvm's {@code Solver_NU::select_working_set}: true when optimal, else the pair in {@code out}. */
  private boolean optimal(double[] alpha, double[] g, double[] qd, double eps, int[] out) {
    double gmaxp = Double.NEGATIVE_INFINITY;
    double gmaxp2 = Double.NEGATIVE_INFINITY;
    int gmaxpIdx = -1;
    double gmaxn = Double.NEGATIVE_INFINITY;
    double gmaxn2 = Double.NEGATIVE_INFINITY;
    int gmaxnIdx = -1;
    for (int t = 0; t < n; t++) {
      if (y[t] > 0) {
        if (alpha[t] < 1 && -g[t] >= gmaxp) {
          gmaxp = -g[t];
          gmaxpIdx = t;
        }
      } else if (alpha[t] > 0 && g[t] >= gmaxn) {
        gmaxn = g[t];
        gmaxnIdx = t;
      }
    }
    float[] qip = gmaxpIdx >= 0 ? row(gmaxpIdx) : null;
    float[] qin = gmaxnIdx >= 0 ? row(gmaxnIdx) : null;
    int gminIdx = -1;
    double objDiffMin = Double.POSITIVE_INFINITY;
    for (int j = 0; j < n; j++) {
      if (y[j] > 0) {
        if (alpha[j] > 0) {
          double gradDiff = gmaxp + g[j];
          gmaxp2 = Math.max(gmaxp2, g[j]);
          if (gradDiff > 0) {
            double quad = qd[gmaxpIdx] + qd[j] - 2 * qip[j];
            double objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
            if (objDiff <= objDiffMin) {
              gminIdx = j;
              objDiffMin = objDiff;
            }
          }
        }
      } else if (alpha[j] < 1) {
        double gradDiff = gmaxn - g[j];
        gmaxn2 = Math.max(gmaxn2, -g[j]);
        if (gradDiff > 0) {
          double quad = qd[gmaxnIdx] + qd[j] - 2 * qin[j];
          double objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
          if (objDiff <= objDiffMin) {
            gminIdx = j;
            objDiffMin = objDiff;
          }
        }
      }
    }
    if (Math.max(gmaxp + gmaxp2, gmaxn + gmaxn2) < eps || gminIdx == -1) {
      return true;
    }
    out[0] = y[gminIdx] > 0 ? gmaxpIdx : gmaxnIdx;
    out[1] = gminIdx;
    return false;
  }

  /** libsvm's {@code Solver_NU::calculate_rho} and {@code solve_nu_svc}'s rescaling by {@code r}. */
  private Solution result(double[] alpha, double[] g, int iter, boolean converged) {
    double[] r = new double[2];
    for (int c = 0; c < 2; c++) {
      byte label = (byte) (c == 0 ? 1 : -1);
      int free = 0;
      double sumFree = 0;
      double ub = Double.POSITIVE_INFINITY;
      double lb = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        if (y[i] != label) {
          continue;
        }
        if (alpha[i] >= 1) {
          lb = Math.max(lb, g[i]);
        } else if (alpha[i] <= 0) {
          ub = Math.min(ub, g[i]);
        } else {
          free++;
          sumFree += g[i];
        }
      }
      r[c] = free > 0 ? sumFree / free : (ub + lb) / 2;
    }
    double scale = (r[0] + r[1]) / 2;
    double rho = (r[0] - r[1]) / 2 / scale;
    int count = 0;
    for (double a : alpha) {
      count += a != 0 ? 1 : 0;
    }
    int[] support = new int[count];
    double[] coef = new double[count];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (alpha[i] != 0) {
        support[k] = i;
        coef[k++] = alpha[i] * y[i] / scale;
      }
    }
    return new Solution(support, coef, rho, iter, converged);
  }
}
