package krnel.viz;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * UMAP's fuzzy simplicial set: umap-learn's {@code smooth_knn_dist}, {@code compute_membership_strengths}
 * and fuzzy union, as a symmetric graph whose edges (both directions) are sorted by head, then tail.
 */
final class FuzzyGraph {
  private static final double SMOOTH_K_TOLERANCE = 1e-5;
  private static final double MIN_K_DIST_SCALE = 1e-3;
  private static final int BINARY_SEARCH_STEPS = 64;

  final int vertices;
  final int[] heads;
  final int[] tails;
  final double[] weights;

  private FuzzyGraph(int vertices, int[] heads, int[] tails, double[] weights) {
    this.vertices = vertices;
    this.heads = heads;
    this.tails = tails;
    this.weights = weights;
  }

  /**
   * @param localConnectivity neighbours assumed connected at full strength (umap-learn's {@code local_connectivity})
   * @param setOpMixRatio 1 for the fuzzy union, 0 for the fuzzy intersection, in between a mix
   * @param disconnectionDistance distances at or beyond it give no edge
   */
  static FuzzyGraph of(NearestNeighbors knn, double localConnectivity, double setOpMixRatio,
      double disconnectionDistance) {
    int n = knn.indices.length;
    double[] rho = new double[n];
    double[] sigma = new double[n];
    smoothKnnDistances(knn.distances, localConnectivity, rho, sigma);
    // The directed memberships as a CSR matrix A (each row's tails sorted), then its transpose by a
    // counting sort, so the union merges two sorted rows per vertex: O(n k) time and memory, no sort
    // of all n k keys and no search per edge.
    int k = n == 0 ? 0 : knn.indices[0].length;
    int[] starts = new int[n + 1];
    int[] columns = new int[n * k];
    double[] values = new double[n * k];
    int count = 0;
    for (int i = 0; i < n; i++) {
      int rowStart = count;
      for (int m = 0; m < k; m++) {
        int j = knn.indices[i][m];
        double d = knn.distances[i][m];
        if (j == i || d >= disconnectionDistance) {
          continue;
        }
        double strength = d - rho[i] <= 0 || sigma[i] == 0 ? 1.0 : Math.exp(-(d - rho[i]) / sigma[i]);
        int at = count;
        for (; at > rowStart && columns[at - 1] > j; at--) { // insertion sort within the row
          columns[at] = columns[at - 1];
          values[at] = values[at - 1];
        }
        if (at > rowStart && columns[at - 1] == j) { // a repeated neighbour counts once: close the gap
          System.arraycopy(columns, at + 1, columns, at, count - at);
          System.arraycopy(values, at + 1, values, at, count - at);
          continue;
        }
        columns[at] = j;
        values[at] = strength;
        count++;
      }
      starts[i + 1] = count;
    }
    return union(n, new Csr(starts, columns, values), setOpMixRatio);
  }

  /** A sparse matrix by rows: row i's columns (increasing) and values at {@code starts[i]..starts[i+1]}. */
  private record Csr(int[] starts, int[] columns, double[] values) {
    Csr transpose(int n) {
      int[] tStarts = new int[n + 1];
      for (int e = 0; e < starts[n]; e++) {
        tStarts[columns[e] + 1]++;
      }
      for (int v = 0; v < n; v++) {
        tStarts[v + 1] += tStarts[v];
      }
      int[] fill = Arrays.copyOf(tStarts, n);
      int[] tColumns = new int[starts[n]];
      double[] tValues = new double[starts[n]];
      for (int i = 0; i < n; i++) { // rows in order, so each transposed row comes out sorted
        for (int e = starts[i]; e < starts[i + 1]; e++) {
          int at = fill[columns[e]]++;
          tColumns[at] = i;
          tValues[at] = values[e];
        }
      }
      return new Csr(tStarts, tColumns, tValues);
    }
  }

  /** mix * (A + Aᵀ - A∘Aᵀ) + (1 - mix) * A∘Aᵀ, zeros dropped: counted first, then written. */
  private static FuzzyGraph union(int n, Csr a, double mix) {
    Csr t = a.transpose(n);
    int edges = 0;
    for (int i = 0; i < n; i++) {
      edges += mergeRow(i, a, t, mix, null, null, null, 0);
    }
    int[] heads = new int[edges];
    int[] tails = new int[edges];
    double[] weights = new double[edges];
    int at = 0;
    for (int i = 0; i < n; i++) {
      at += mergeRow(i, a, t, mix, heads, tails, weights, at);
    }
    return new FuzzyGraph(n, heads, tails, weights);
  }

  /** Row i of the union, written from {@code at} unless {@code heads} is null; returns its edge count. */
  private static int mergeRow(int i, Csr a, Csr t, double mix, int[] heads, int[] tails, double[] weights, int at) {
    int p = a.starts[i];
    int pEnd = a.starts[i + 1];
    int q = t.starts[i];
    int qEnd = t.starts[i + 1];
    int written = 0;
    while (p < pEnd || q < qEnd) {
      int j;
      double aij = 0;
      double aji = 0;
      if (q == qEnd || p < pEnd && a.columns[p] < t.columns[q]) {
        j = a.columns[p];
        aij = a.values[p++];
      } else if (p == pEnd || t.columns[q] < a.columns[p]) {
        j = t.columns[q];
        aji = t.values[q++];
      } else {
        j = a.columns[p];
        aij = a.values[p++];
        aji = t.values[q++];
      }
      double w = mix * (aij + aji - aij * aji) + (1 - mix) * aij * aji;
      if (w != 0) {
        if (heads != null) {
          heads[at + written] = i;
          tails[at + written] = j;
          weights[at + written] = w;
        }
        written++;
      }
    }
    return written;
  }

  /** {@code smooth_knn_dist}: per row, the distance to the nearest neighbour (rho) and the bandwidth (sigma). */
  private static void smoothKnnDistances(double[][] distances, double localConnectivity, double[] rho, double[] sigma) {
    int n = distances.length;
    double sum = 0;
    long total = 0;
    for (double[] row : distances) {
      for (double d : row) {
        sum += d;
        total++;
      }
    }
    double meanAll = total == 0 ? 0 : sum / total;
    IntStream.range(0, n).parallel().forEach(i -> { // rows are independent
      double[] row = distances[i];
      double target = Math.log(row.length) / Math.log(2);
      double[] nonZero = Arrays.stream(row).filter(d -> d > 0).toArray();
      if (nonZero.length >= localConnectivity) {
        int index = (int) Math.floor(localConnectivity);
        double interpolation = localConnectivity - index;
        if (index > 0) {
          rho[i] = nonZero[index - 1];
          if (interpolation > SMOOTH_K_TOLERANCE) {
            rho[i] += interpolation * (nonZero[index] - nonZero[index - 1]);
          }
        } else {
          rho[i] = interpolation * nonZero[0];
        }
      } else if (nonZero.length > 0) {
        rho[i] = nonZero[nonZero.length - 1];
      }
      double lo = 0;
      double hi = Double.POSITIVE_INFINITY;
      double mid = 1;
      for (int step = 0; step < BINARY_SEARCH_STEPS; step++) {
        double psum = 0;
        for (int m = 1; m < row.length; m++) {
          double d = row[m] - rho[i];
          psum += d > 0 ? Math.exp(-(d / mid)) : 1.0;
        }
        if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) {
          break;
        }
        if (psum > target) {
          hi = mid;
          mid = (lo + hi) / 2;
        } else {
          lo = mid;
          mid = Double.isInfinite(hi) ? mid * 2 : (lo + hi) / 2;
        }
      }
      sigma[i] = mid;
      double scale = rho[i] > 0 ? Arrays.stream(row).average().orElse(0) : meanAll;
      sigma[i] = Math.max(sigma[i], MIN_K_DIST_SCALE * scale);
    });
  }

  double maxWeight() {
    double max = 0;
    for (double w : weights) {
      max = Math.max(max, w);
    }
    return max;
  }

  /** This graph without the edges lighter than {@code fraction} of the heaviest one. */
  FuzzyGraph withoutEdgesBelow(double fraction) {
    double min = maxWeight() * fraction;
    int count = 0;
    for (double w : weights) {
      count += w >= min ? 1 : 0;
    }
    if (count == weights.length) {
      return this;
    }
    int[] keptHeads = new int[count];
    int[] keptTails = new int[count];
    double[] keptWeights = new double[count];
    int at = 0;
    for (int e = 0; e < heads.length; e++) {
      if (weights[e] >= min) {
        keptHeads[at] = heads[e];
        keptTails[at] = tails[e];
        keptWeights[at++] = weights[e];
      }
    }
    return new FuzzyGraph(vertices, keptHeads, keptTails, keptWeights);
  }

  /** Where each vertex's edges start (edges are sorted by head), and the edge count at index {@code vertices}. */
  int[] rowStarts() {
    int[] starts = new int[vertices + 1];
    for (int head : heads) {
      starts[head + 1]++;
    }
    for (int v = 0; v < vertices; v++) {
      starts[v + 1] += starts[v];
    }
    return starts;
  }

  /** The number of connected components (edges are symmetric). */
  int components() {
    int[] parent = new int[vertices];
    for (int v = 0; v < vertices; v++) {
      parent[v] = v;
    }
    int components = vertices;
    for (int e = 0; e < heads.length; e++) {
      int a = root(parent, heads[e]);
      int b = root(parent, tails[e]);
      if (a != b) {
        parent[a] = b;
        components--;
      }
    }
    return components;
  }

  private static int root(int[] parent, int v) {
    while (parent[v] != v) {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
    return v;
  }
}
