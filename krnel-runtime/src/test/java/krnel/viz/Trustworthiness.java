package krnel.viz;

import java.util.stream.IntStream;

/**
 * scikit-learn's {@code sklearn.manifold.trustworthiness} with the Euclidean metric: 1 minus the
 * normalized sum, over every point's {@code k} nearest neighbours in the embedding, of how far
 * beyond the k-th place each of them ranks among the point's neighbours in the input space.
 * O(n² d); rows in parallel.
 */
final class Trustworthiness {
  private Trustworthiness() {}

  static double of(float[][] x, float[][] embedding, int k) {
    return of(x, new float[][][] {embedding}, k)[0];
  }

  /** The trustworthiness of each embedding of {@code x}; the input distances are computed once for all. */
  static double[] of(float[][] x, float[][][] embeddings, int k) {
    int n = x.length;
    if (k >= n / 2.0) {
      throw new IllegalArgumentException("k: is " + k + " but must be below n / 2 = " + n / 2.0);
    }
    long[][] penalties = IntStream.range(0, n).parallel().mapToObj(i -> penalties(x, embeddings, k, i))
        .toArray(long[][]::new);
    double[] trust = new double[embeddings.length];
    for (int e = 0; e < embeddings.length; e++) {
      long penalty = 0;
      for (long[] row : penalties) {
        penalty += row[e];
      }
      trust[e] = 1 - penalty * (2.0 / ((double) n * k * (2.0 * n - 3.0 * k - 1.0)));
    }
    return trust;
  }

  /**
   * Per embedding, the sum over i's k nearest embedded neighbours j of max(0, rank of j among i's input
   * neighbours - k).
   */
  private static long[] penalties(float[][] x, float[][][] embeddings, int k, int i) {
    int n = x.length;
    double[] inputDistance = new double[n];
    for (int m = 0; m < n; m++) {
      inputDistance[m] = squaredDistance(x[i], x[m]);
    }
    long[] penalties = new long[embeddings.length];
    for (int e = 0; e < embeddings.length; e++) {
      for (int j : nearest(embeddings[e], i, k)) {
        int rank = 1; // 1 for the nearest other point, as scikit-learn's inverted index
        for (int m = 0; m < n; m++) {
          if (m != i && (inputDistance[m] < inputDistance[j] || inputDistance[m] == inputDistance[j] && m < j)) {
            rank++;
          }
        }
        penalties[e] += Math.max(0, rank - k);
      }
    }
    return penalties;
  }

  /** The k points nearest to point i in {@code points}, i itself left out, nearest first (ties by index). */
  private static int[] nearest(float[][] points, int i, int k) {
    int[] best = new int[k];
    double[] bestDistance = new double[k];
    java.util.Arrays.fill(bestDistance, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(best, Integer.MAX_VALUE);
    for (int m = 0; m < points.length; m++) {
      if (m == i) {
        continue;
      }
      double d = squaredDistance(points[i], points[m]);
      if (d >= bestDistance[k - 1]) {
        continue; // m comes after every kept point (ties keep the lower index, seen first)
      }
      int at = k - 1;
      for (; at > 0 && bestDistance[at - 1] > d; at--) {
        best[at] = best[at - 1];
        bestDistance[at] = bestDistance[at - 1];
      }
      best[at] = m;
      bestDistance[at] = d;
    }
    return best;
  }

  /** In double, with four independent sums so the loop is not one long chain of dependent additions. */
  private static double squaredDistance(float[] a, float[] b) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int d = 0;
    for (; d + 3 < a.length; d += 4) {
      double d0 = (double) a[d] - b[d];
      double d1 = (double) a[d + 1] - b[d + 1];
      double d2 = (double) a[d + 2] - b[d + 2];
      double d3 = (double) a[d + 3] - b[d + 3];
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    for (; d < a.length; d++) {
      double diff = (double) a[d] - b[d];
      s0 += diff * diff;
    }
    return (s0 + s1) + (s2 + s3);
  }
}
