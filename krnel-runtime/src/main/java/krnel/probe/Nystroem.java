package krnel.probe;

import java.util.SplittableRandom;
import krnel.linalg.Jacobi;

/**
 * scikit-learn's {@code Nystroem(kernel="rbf")} feature map: {@code n_components} training rows drawn at random
 * are the basis, and a row's features are {@code normalization . k(x, basis)}, where {@code normalization} is
 * {@code K_basis^(-1/2)} computed the way scikit-learn's SVD computes it ({@code U S^(-1/2) V}, singular values
 * floored at 1e-12; eigenvectors by cyclic Jacobi, since the matrix is symmetric). Features are rounded to float32,
 * as scikit-learn produces them from float32 data, so training and scoring see the same numbers.
 */
final class Nystroem {
  final double gamma;
  final double[][] basis;
  final double[][] normalization;

  Nystroem(double gamma, double[][] basis, double[][] normalization) {
    this.gamma = gamma;
    this.basis = basis;
    this.normalization = normalization;
  }

  /**
   * Fits on {@code n} rows of {@code d} floats; {@code gamma} null means {@code 1 / d}, like scikit-learn's
   * {@code rbf_kernel}; {@code components} larger than {@code n} is cut to {@code n}, as scikit-learn does.
   */
  static Nystroem fit(float[] x, int n, int d, Double gamma, int components, long seed) {
    double g = gamma == null ? 1.0 / d : gamma;
    int m = Math.min(components, n);
    int[] order = permutation(n, new SplittableRandom(seed));
    double[][] basis = new double[m][d];
    for (int k = 0; k < m; k++) {
      for (int j = 0; j < d; j++) {
        basis[k][j] = x[order[k] * d + j];
      }
    }
    double[][] kernel = new double[m][m];
    float[] row = new float[d];
    for (int k = 0; k < m; k++) {
      for (int j = 0; j < d; j++) {
        row[j] = (float) basis[k][j];
      }
      for (int l = 0; l < m; l++) {
        kernel[k][l] = KernelExpansion.rbf(g, basis[l], row);
      }
    }
    return new Nystroem(g, basis, inverseSquareRoot(kernel));
  }

  /** A uniformly random permutation of {@code 0..n-1} (Fisher-Yates). */
  static int[] permutation(int n, SplittableRandom random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    shuffle(order, random);
    return order;
  }

  static void shuffle(int[] order, SplittableRandom random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  int components() {
    return basis.length;
  }

  /** The float32 features of one row. */
  float[] transform(float[] row) {
    int m = basis.length;
    double[] k = new double[m];
    for (int l = 0; l < m; l++) {
      k[l] = KernelExpansion.rbf(gamma, basis[l], row);
    }
    float[] out = new float[m];
    for (int c = 0; c < m; c++) {
      double z = 0;
      for (int l = 0; l < m; l++) {
        z += normalization[c][l] * k[l];
      }
      out[c] = (float) z;
    }
    return out;
  }

  /** {@code sum_k sign(l_k) v_k v_k^T / sqrt(max(|l_k|, 1e-12))} over the eigenpairs of the symmetric {@code a}. */
  static double[][] inverseSquareRoot(double[][] a) {
    int m = a.length;
    double[][] s = new double[m][];
    for (int i = 0; i < m; i++) {
      s[i] = a[i].clone();
    }
    double[][] v = Jacobi.identity(m);
    jacobi(s, v);
    double[][] out = new double[m][m];
    for (int k = 0; k < m; k++) {
      double lambda = s[k][k];
      double factor = Math.signum(lambda == 0 ? 1 : lambda) / Math.sqrt(Math.max(Math.abs(lambda), 1e-12));
      for (int i = 0; i < m; i++) {
        double vik = v[i][k] * factor;
        for (int j = 0; j < m; j++) {
          out[i][j] += vik * v[j][k];
        }
      }
    }
    return out;
  }

  /** Diagonalizes the symmetric {@code s} in place, accumulating the eigenvectors in {@code v}'s columns. */
  private static void jacobi(double[][] s, double[][] v) {
    for (int sweep = 0; sweep < 100; sweep++) {
      double diag = 0;
      for (int i = 0; i < s.length; i++) {
        diag += s[i][i] * s[i][i];
      }
      if (Jacobi.offDiagonal(s) <= 1e-30 * diag) {
        return;
      }
      Jacobi.sweep(s, v);
    }
  }
}
