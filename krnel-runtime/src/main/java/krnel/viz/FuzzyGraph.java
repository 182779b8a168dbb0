package krnel.viz;

import java.util.Arrays;

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
    // Directed memberships, keyed head * n + tail: rows come in order, so sorting each row's few
    // tails orders them all as a CSR matrix (a global sort of n * k boxed indices did not scale).
    int k = n == 0 ? 0 : knn.indices[0].length;
    long[] directed = new long[n * k];
    double[] directedWeight = new double[n * k];
    int count = 0;
    for (int i = 0; i < n; i++) {
      int rowStart = count;
      for (int m = 0; m < k; m++) {
        int j = knn.indices[i][m];
        double d = knn.distances[i][m];
        if (j == i || d >= disconnectionDistance) {
          continue;
        }
        long key = (long) i * n + j;
        double strength = d - rho[i] <= 0 || sigma[i] == 0 ? 1.0 : Math.exp(-(d - rho[i]) / sigma[i]);
        int at = count++;
        for (; at > rowStart && directed[at - 1] > key; at--) { // insertion sort within the row
          directed[at] = directed[at - 1];
          directedWeight[at] = directedWeight[at - 1];
        }
        directed[at] = key;
        directedWeight[at] = strength;
      }
    }
    directed = Arrays.copyOf(directed, count);
    directedWeight = Arrays.copyOf(directedWeight, count);
    return union(n, directed, directedWeight, setOpMixRatio);
  }

  /** mix * (A + Aᵀ - A∘Aᵀ) + (1 - mix) * A∘Aᵀ, zeros dropped. */
  private static FuzzyGraph union(int n, long[] directed, double[] weight, double mix) {
    long[] both = new long[2 * directed.length];
    for (int e = 0; e < directed.length; e++) {
      both[2 * e] = directed[e];
      both[2 * e + 1] = (directed[e] % n) * n + directed[e] / n;
    }
    Arrays.parallelSort(both);
    int distinct = 0;
    for (int e = 0; e < both.length; e++) {
      if (distinct == 0 || both[e] != both[distinct - 1]) {
        both[distinct++] = both[e];
      }
    }
    long[] pairs = Arrays.copyOf(both, distinct);
    int[] heads = new int[pairs.length];
    int[] tails = new int[pairs.length];
    double[] weights = new double[pairs.length];
    int count = 0;
    for (long pair : pairs) {
      int i = (int) (pair / n);
      int j = (int) (pair % n);
      double a = lookup(directed, weight, pair);
      double aT = lookup(directed, weight, (long) j * n + i);
      double w = mix * (a + aT - a * aT) + (1 - mix) * a * aT;
      if (w != 0) {
        heads[count] = i;
        tails[count] = j;
        weights[count++] = w;
      }
    }
    return new FuzzyGraph(n, Arrays.copyOf(heads, count), Arrays.copyOf(tails, count), Arrays.copyOf(weights, count));
  }

  private static double lookup(long[] keys, double[] values, long key) {
    int at = Arrays.binarySearch(keys, key);
    return at >= 0 ? values[at] : 0;
  }

  /** {@code smooth_knn_dist}: per row, the distance to the nearest neighbour (rho) and the bandwidth (sigma). */
  private static void smoothKnnDistances(double[][] distances, double localConnectivity, double[] rho, double[] sigma) {
    int n = distances.length;
    double meanAll = 0;
    long total = 0;
    for (double[] row : distances) {
      for (double d : row) {
        meanAll += d;
        total++;
      }
    }
    meanAll = total == 0 ? 0 : meanAll / total;
    for (int i = 0; i < n; i++) {
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
    }
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
    int[] keptHeads = new int[heads.length];
    int[] keptTails = new int[heads.length];
    double[] keptWeights = new double[heads.length];
    int count = 0;
    for (int e = 0; e < heads.length; e++) {
      if (weights[e] >= min) {
        keptHeads[count] = heads[e];
        keptTails[count] = tails[e];
        keptWeights[count++] = weights[e];
      }
    }
    return new FuzzyGraph(vertices, Arrays.copyOf(keptHeads, count), Arrays.copyOf(keptTails, count),
        Arrays.copyOf(keptWeights, count));
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
