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
    int n = x.length;
    if (k >= n / 2.0) {
      throw new IllegalArgumentException("k: is " + k + " but must be below n / 2 = " + n / 2.0);
    }
    long penalty = IntStream.range(0, n).parallel().mapToLong(i -> penalty(x, embedding, k, i)).sum();
    return 1 - penalty * (2.0 / ((double) n * k * (2.0 * n - 3.0 * k - 1.0)));
  }

  /** Sum over i's k nearest embedded neighbours j of max(0, rank of j among i's input neighbours - k). */
  private static long penalty(float[][] x, float[][] embedding, int k, int i) {
    int n = x.length;
    double[] inputDistance = new double[n];
    for (int m = 0; m < n; m++) {
      inputDistance[m] = squaredDistance(x[i], x[m]);
    }
    long penalty = 0;
    for (int j : nearest(embedding, i, k)) {
      int rank = 1; // 1 for the nearest other point, as scikit-learn's inverted index
      for (int m = 0; m < n; m++) {
        if (m != i && (inputDistance[m] < inputDistance[j] || inputDistance[m] == inputDistance[j] && m < j)) {
          rank++;
        }
      }
      penalty += Math.max(0, rank - k);
    }
    return penalty;
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

  private static double squaredDistance(float[] a, float[] b) {
    double sum = 0;
    for (int d = 0; d < a.length; d++) {
      double diff = (double) a[d] - b[d];
      sum += diff * diff;
    }
    return sum;
  }
}
