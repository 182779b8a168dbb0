package krnel.viz;

import java.util.stream.IntStream;

/**
 * Exact k nearest neighbours of every row, itself included (first, at distance 0), as umap-learn's
 * {@code nearest_neighbors} returns them. Brute force, O(n² d), rows in parallel; each row's answer
 * depends on nothing else, so the result does not depend on the number of threads.
 */
final class NearestNeighbors {
  /** Neighbour indices and distances, each row sorted by increasing distance (ties by index). */
  final int[][] indices;
  final double[][] distances;

  NearestNeighbors(int[][] indices, double[][] distances) {
    this.indices = indices;
    this.distances = distances;
  }

  /**
   * @param k neighbours per row, the row itself included
   * @param cosine cosine distance (1 - cos) instead of Euclidean
   */
  static NearestNeighbors of(float[][] x, int k, boolean cosine) {
    int n = x.length;
    float[][] rows = cosine ? unitRows(x) : x;
    double[] squaredNorms = new double[n];
    for (int i = 0; i < n; i++) {
      squaredNorms[i] = dot(rows[i], rows[i]);
    }
    int[][] indices = new int[n][];
    double[][] distances = new double[n][];
    IntStream.range(0, n).parallel().forEach(i -> {
      // A max-heap of the k best so far, by squared distance then index.
      int[] heapIndex = new int[k];
      double[] heapDist = new double[k];
      int size = 0;
      for (int j = 0; j < n; j++) {
        double d2 = j == i ? 0 : Math.max(0, squaredNorms[i] + squaredNorms[j] - 2 * dot(rows[i], rows[j]));
        if (size < k) {
          heapIndex[size] = j;
          heapDist[size] = d2;
          siftUp(heapIndex, heapDist, size++);
        } else if (before(d2, j, heapDist[0], heapIndex[0])) {
          heapIndex[0] = j;
          heapDist[0] = d2;
          siftDown(heapIndex, heapDist, size);
        }
      }
      // Candidates found with |a|² + |b|² - 2a·b; their distances are recomputed exactly and sorted again.
      int[] others = new int[size];
      int count = 0;
      for (int m = 0; m < size; m++) {
        if (heapIndex[m] != i) {
          others[count++] = heapIndex[m];
        }
      }
      double[] exact = new double[count];
      Integer[] order = new Integer[count];
      for (int m = 0; m < count; m++) {
        exact[m] = exactDistance(rows[i], rows[others[m]], cosine);
        order[m] = m;
      }
      java.util.Arrays.sort(order, (a, b) -> before(exact[a], others[a], exact[b], others[b]) ? -1 : 1);
      // The row itself comes first, also when duplicates tie with it at distance 0.
      indices[i] = new int[size];
      distances[i] = new double[size];
      indices[i][0] = i;
      for (int m = 1; m < size; m++) {
        indices[i][m] = others[order[m - 1]];
        distances[i][m] = exact[order[m - 1]];
      }
    });
    return new NearestNeighbors(indices, distances);
  }

  /** Euclidean distance, or 1 - cos for unit rows (half the squared Euclidean distance). */
  static double exactDistance(float[] a, float[] b, boolean cosine) {
    double sum = 0;
    for (int m = 0; m < a.length; m++) {
      double diff = (double) a[m] - b[m];
      sum += diff * diff;
    }
    return cosine ? sum / 2 : Math.sqrt(sum);
  }

  private static boolean before(double d1, int i1, double d2, int i2) {
    return d1 < d2 || (d1 == d2 && i1 < i2);
  }

  private static void siftUp(int[] index, double[] dist, int c) {
    while (c > 0) {
      int parent = (c - 1) / 2;
      if (!before(dist[parent], index[parent], dist[c], index[c])) {
        return;
      }
      swap(index, dist, parent, c);
      c = parent;
    }
  }

  private static void siftDown(int[] index, double[] dist, int size) {
    int p = 0;
    while (true) {
      int largest = p;
      for (int c = 2 * p + 1; c <= 2 * p + 2 && c < size; c++) {
        if (before(dist[largest], index[largest], dist[c], index[c])) {
          largest = c;
        }
      }
      if (largest == p) {
        return;
      }
      swap(index, dist, p, largest);
      p = largest;
    }
  }

  private static void swap(int[] index, double[] dist, int a, int b) {
    int i = index[a];
    index[a] = index[b];
    index[b] = i;
    double d = dist[a];
    dist[a] = dist[b];
    dist[b] = d;
  }

  /** Four partial sums, so that the JIT can overlap the multiply-adds. */
  static double dot(float[] a, float[] b) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int d = a.length;
    int m = 0;
    for (; m + 3 < d; m += 4) {
      s0 += a[m] * b[m];
      s1 += a[m + 1] * b[m + 1];
      s2 += a[m + 2] * b[m + 2];
      s3 += a[m + 3] * b[m + 3];
    }
    for (; m < d; m++) {
      s0 += a[m] * b[m];
    }
    return (double) s0 + s1 + s2 + s3;
  }

  static float[][] unitRows(float[][] x) {
    float[][] out = new float[x.length][];
    for (int i = 0; i < x.length; i++) {
      double norm = Math.sqrt(dot(x[i], x[i]));
      out[i] = new float[x[i].length];
      for (int m = 0; m < out[i].length; m++) {
        out[i][m] = norm == 0 ? 0 : (float) (x[i][m] / norm);
      }
    }
    return out;
  }
}
