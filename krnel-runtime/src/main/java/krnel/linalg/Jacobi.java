package krnel.linalg;

import java.util.Arrays;

/**
 * Eigen-decomposition of small symmetric matrices by cyclic Jacobi rotations (Nystroem's basis,
 * UMAP's Rayleigh-Ritz step): exact enough, dependency-free, and cheap at the sizes used here.
 */
public final class Jacobi {
  private Jacobi() {}

  /** The sum of squares above the diagonal: zero once {@code a} is diagonal. */
  public static double offDiagonal(double[][] a) {
    double off = 0;
    for (int p = 0; p < a.length; p++) {
      for (int q = p + 1; q < a.length; q++) {
        off += a[p][q] * a[p][q];
      }
    }
    return off;
  }

  /**
   * One sweep of rotations over every pair (p, q), p &lt; q, applied to the symmetric {@code a} in
   * place and accumulated in {@code v}'s columns.
   */
  public static void sweep(double[][] a, double[][] v) {
    int m = a.length;
    for (int p = 0; p < m; p++) {
      for (int q = p + 1; q < m; q++) {
        if (a[p][q] == 0) {
          continue;
        }
        double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        for (int k = 0; k < m; k++) { // columns p, q
          double akp = a[k][p];
          double akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < m; k++) { // rows p, q
          double apk = a[p][k];
          double aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (int k = 0; k < m; k++) {
          double vkp = v[k][p];
          double vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }

  /** The identity of size {@code m}, where {@link #sweep} starts accumulating eigenvectors. */
  public static double[][] identity(int m) {
    double[][] v = new double[m][m];
    for (int i = 0; i < m; i++) {
      v[i][i] = 1;
    }
    return v;
  }

  /** Row r is the eigenvector of the r-th largest eigenvalue of {@code symmetric}. */
  public static double[][] eigenvectorsByDecreasingValue(double[][] symmetric) {
    int m = symmetric.length;
    double[][] a = new double[m][];
    for (int i = 0; i < m; i++) {
      a[i] = symmetric[i].clone();
    }
    double[][] v = identity(m);
    for (int sweep = 0; sweep < 100 && offDiagonal(a) >= 1e-30; sweep++) {
      sweep(a, v);
    }
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Double.compare(a[y][y], a[x][x]));
    double[][] out = new double[m][m];
    for (int r = 0; r < m; r++) {
      for (int k = 0; k < m; k++) {
        out[r][k] = v[k][order[r]];
      }
    }
    return out;
  }
}
