package krnel.viz;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import krnel.linalg.Jacobi;

/**
 * UMAP's spectral initialization: the eigenvectors of the normalized Laplacian
 * {@code I - D^-1/2 W D^-1/2} with the smallest eigenvalues after the trivial one, as umap-learn's
 * {@code spectral_layout} finds them with ARPACK. Here, in pure Java, by subspace iteration on
 * {@code (I + D^-1/2 W D^-1/2) / 2}, whose largest eigenvalues are those, with the trivial eigenvector
 * {@code D^1/2 1} projected out, and a Rayleigh-Ritz step to order the result.
 */
final class SpectralLayout {
  private static final int BLOCK = 6; // the 2 wanted vectors, and 4 more to speed convergence
  private static final int MAX_ITERATIONS = 1000;
  private static final double TOLERANCE = 1e-7;
  private static final int PARALLEL_FROM = 2048;

  private SpectralLayout() {}

  /** The two eigenvectors, as n × 2 coordinates; needs a connected graph. */
  static double[][] of(FuzzyGraph graph, SplittableRandom random) {
    int n = graph.vertices;
    int[] rowStarts = graph.rowStarts();
    double[] degree = new double[n];
    for (int e = 0; e < graph.heads.length; e++) {
      degree[graph.heads[e]] += graph.weights[e];
    }
    double[] invSqrtDegree = new double[n];
    double[] trivial = new double[n];
    for (int v = 0; v < n; v++) {
      invSqrtDegree[v] = degree[v] > 0 ? 1 / Math.sqrt(degree[v]) : 0;
      trivial[v] = Math.sqrt(degree[v]);
    }
    normalize(trivial);
    int block = Math.min(BLOCK, n - 1);
    double[][] basis = new double[block][n];
    for (double[] vector : basis) {
      for (int v = 0; v < n; v++) {
        vector[v] = random.nextDouble() - 0.5;
      }
    }
    orthonormalize(basis, trivial);
    double[] previous = new double[block];
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double[][] next = new double[block][];
      for (int b = 0; b < block; b++) {
        next[b] = apply(graph, rowStarts, invSqrtDegree, basis[b]);
      }
      double[] rayleigh = new double[block];
      for (int b = 0; b < block; b++) {
        rayleigh[b] = dot(basis[b], next[b]);
      }
      orthonormalize(next, trivial);
      basis = next;
      if (converged(previous, rayleigh)) {
        break;
      }
      previous = rayleigh;
    }
    return rayleighRitz(graph, rowStarts, invSqrtDegree, basis);
  }

  private static boolean converged(double[] previous, double[] current) {
    for (int b = 0; b < Math.min(2, current.length); b++) {
      if (Math.abs(previous[b] - current[b]) > TOLERANCE) {
        return false;
      }
    }
    return true;
  }

  /** y = (x + D^-1/2 W D^-1/2 x) / 2, row by row (each row's sum in edge order, whatever the threads). */
  private static double[] apply(FuzzyGraph graph, int[] rowStarts, double[] invSqrtDegree, double[] x) {
    double[] y = new double[x.length];
    IntStream rows = IntStream.range(0, x.length);
    (x.length >= PARALLEL_FROM ? rows.parallel() : rows).forEach(i -> {
      double sum = 0;
      for (int e = rowStarts[i]; e < rowStarts[i + 1]; e++) {
        sum += invSqrtDegree[i] * graph.weights[e] * invSqrtDegree[graph.tails[e]] * x[graph.tails[e]];
      }
      y[i] = (x[i] + sum) / 2;
    });
    return y;
  }

  /** The top two Ritz vectors of the block: the eigenvectors of Bᵀ M B, mapped back. */
  private static double[][] rayleighRitz(FuzzyGraph graph, int[] rowStarts, double[] invSqrtDegree,
      double[][] basis) {
    int block = basis.length;
    double[][] small = new double[block][block];
    for (int b = 0; b < block; b++) {
      double[] image = apply(graph, rowStarts, invSqrtDegree, basis[b]);
      for (int c = 0; c < block; c++) {
        small[c][b] = dot(basis[c], image);
      }
    }
    double[][] vectors = Jacobi.eigenvectorsByDecreasingValue(small);
    int n = graph.vertices;
    double[][] coordinates = new double[n][2];
    for (int axis = 0; axis < 2; axis++) {
      for (int b = 0; b < block; b++) {
        double coefficient = vectors[axis][b];
        for (int v = 0; v < n; v++) {
          coordinates[v][axis] += coefficient * basis[b][v];
        }
      }
    }
    return coordinates;
  }

  /** Modified Gram-Schmidt, with {@code fixed} projected out first. */
  private static void orthonormalize(double[][] vectors, double[] fixed) {
    for (int b = 0; b < vectors.length; b++) {
      subtract(vectors[b], fixed);
      for (int c = 0; c < b; c++) {
        subtract(vectors[b], vectors[c]);
      }
      normalize(vectors[b]);
    }
  }

  private static void subtract(double[] x, double[] unit) {
    double projection = dot(x, unit);
    for (int v = 0; v < x.length; v++) {
      x[v] -= projection * unit[v];
    }
  }

  private static void normalize(double[] x) {
    double norm = Math.sqrt(dot(x, x));
    for (int v = 0; v < x.length; v++) {
      x[v] = norm == 0 ? 0 : x[v] / norm;
    }
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int v = 0; v < a.length; v++) {
      sum += a[v] * b[v];
    }
    return sum;
  }
}
