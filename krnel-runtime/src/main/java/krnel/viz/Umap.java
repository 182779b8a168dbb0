package krnel.viz;

import java.util.SplittableRandom;

/**
 * UMAP (McInnes, Healy and Melville, 2018) as umap-learn computes it for krnel-graph's
 * {@code UMAPVizOp}: nearest neighbours (exact for small inputs, else NN-descent), the fuzzy simplicial set, a spectral initialization, then
 * {@code optimize_layout_euclidean} with negative sampling, in 2 dimensions.
 *
 * <p>Smile 2.6.0's {@code smile.manifold.UMAP} would need ARPACK's native library (bytedeco
 * {@code arpack-ng}, which krnel does not ship) for its spectral step, and drops every row outside the
 * largest connected component of the neighbour graph; this implementation follows umap-learn instead,
 * in pure Java, and keeps every row. Everything random comes from one seeded generator and the
 * optimization runs on one thread, so a seed always gives the same embedding. When the neighbour graph
 * is not connected, it starts from a random layout (umap-learn lays each component out separately).
 */
public final class Umap {
  private static final int DIMENSIONS = 2;

  /** The parameters umap-learn's {@code UMAP} takes under the same names, for an unsupervised 2-D fit. */
  public record Parameters(int nNeighbors, int nEpochs, long seed, boolean cosine, double learningRate,
      double minDist, double spread, double setOpMixRatio, double localConnectivity, double repulsionStrength,
      int negativeSampleRate, double disconnectionDistance, boolean forceApproximation) {}

  /** umap-learn searches neighbours exactly below this many rows, unless told to approximate. */
  static final int EXACT_BELOW = 4096;

  private Umap() {}

  /** The embedding, one row of 2 coordinates per input row. Needs at least 4 rows. */
  public static float[][] embed(float[][] x, Parameters p) {
    return embed(neighbours(x, p), p);
  }

  /** As umap-learn finds them: exact below {@value #EXACT_BELOW} rows, else by NN-descent. */
  static NearestNeighbors neighbours(float[][] x, Parameters p) {
    int k = Math.min(p.nNeighbors(), x.length);
    return x.length < EXACT_BELOW && !p.forceApproximation()
        ? NearestNeighbors.of(x, k, p.cosine())
        : NNDescent.of(x, k, p.cosine(), p.seed());
  }

  /** The embedding of the rows whose neighbours are {@code knn}. */
  static float[][] embed(NearestNeighbors knn, Parameters p) {
    int n = knn.indices.length;
    SplittableRandom random = new SplittableRandom(p.seed());
    FuzzyGraph graph = FuzzyGraph.of(knn, p.localConnectivity(), p.setOpMixRatio(), p.disconnectionDistance())
        .withoutEdgesBelow(1.0 / p.nEpochs()); // they would never be sampled: umap-learn drops them first
    double[][] embedding = graph.components() == 1 ? spectralStart(graph, random) : randomStart(n, random);
    rescale(embedding);
    double[] ab = CurveFit.ab(p.spread(), p.minDist());
    optimize(embedding, graph, ab[0], ab[1], p, random);
    float[][] out = new float[n][DIMENSIONS];
    for (int i = 0; i < n; i++) {
      for (int d = 0; d < DIMENSIONS; d++) {
        out[i][d] = (float) embedding[i][d];
      }
    }
    return out;
  }

  /** umap-learn: the spectral layout scaled to a maximum of 10, plus N(0, 1e-4) noise. */
  private static double[][] spectralStart(FuzzyGraph graph, SplittableRandom random) {
    double[][] embedding = SpectralLayout.of(graph, random);
    double max = 0;
    for (double[] row : embedding) {
      for (double v : row) {
        max = Math.max(max, Math.abs(v));
      }
    }
    double expansion = max == 0 ? 1 : 10 / max;
    for (double[] row : embedding) {
      for (int d = 0; d < DIMENSIONS; d++) {
        row[d] = row[d] * expansion + 1e-4 * gaussian(random);
      }
    }
    return embedding;
  }

  /** umap-learn's {@code init="random"}: uniform in [-10, 10). */
  private static double[][] randomStart(int n, SplittableRandom random) {
    double[][] embedding = new double[n][DIMENSIONS];
    for (double[] row : embedding) {
      for (int d = 0; d < DIMENSIONS; d++) {
        row[d] = random.nextDouble(-10, 10);
      }
    }
    return embedding;
  }

  /** Each coordinate scaled to [0, 10], as umap-learn does before optimizing. */
  private static void rescale(double[][] embedding) {
    for (int d = 0; d < DIMENSIONS; d++) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (double[] row : embedding) {
        min = Math.min(min, row[d]);
        max = Math.max(max, row[d]);
      }
      double range = max - min;
      for (double[] row : embedding) {
        row[d] = range == 0 ? 0 : 10 * (row[d] - min) / range;
      }
    }
  }

  /**
   * {@code optimize_layout_euclidean}, moving both ends of each sampled edge. The coordinates live in
   * one flat array (x of row i at 2i, y at 2i + 1) for locality; {@code d^(b-1)} is {@code d^b / d}, one
   * {@code pow} instead of two.
   */
  private static void optimize(double[][] embedding, FuzzyGraph graph, double a, double b, Parameters p,
      SplittableRandom random) {
    int n = embedding.length;
    double[] xy = new double[DIMENSIONS * n];
    for (int i = 0; i < n; i++) {
      xy[2 * i] = embedding[i][0];
      xy[2 * i + 1] = embedding[i][1];
    }
    int nEpochs = p.nEpochs();
    double maxWeight = graph.maxWeight();
    int edges = graph.weights.length;
    int[] heads = graph.heads;
    int[] tails = graph.tails;
    double[] epochsPerSample = new double[edges];
    for (int e = 0; e < edges; e++) {
      epochsPerSample[e] = maxWeight / graph.weights[e];
    }
    double[] epochsPerNegativeSample = new double[edges];
    double[] nextSample = epochsPerSample.clone();
    double[] nextNegativeSample = new double[edges];
    for (int e = 0; e < edges; e++) {
      epochsPerNegativeSample[e] = epochsPerSample[e] / p.negativeSampleRate();
      nextNegativeSample[e] = epochsPerNegativeSample[e];
    }
    double gamma = p.repulsionStrength();
    double alpha = p.learningRate();
    for (int epoch = 0; epoch < nEpochs; epoch++) {
      for (int e = 0; e < edges; e++) {
        if (nextSample[e] > epoch) {
          continue;
        }
        int current = 2 * heads[e];
        int other = 2 * tails[e];
        double dx = xy[current] - xy[other];
        double dy = xy[current + 1] - xy[other + 1];
        double dist2 = dx * dx + dy * dy;
        if (dist2 > 0) {
          double powB = Math.pow(dist2, b);
          double attract = -2 * a * b * (powB / dist2) / (a * powB + 1);
          double gx = clip(attract * dx) * alpha;
          double gy = clip(attract * dy) * alpha;
          xy[current] += gx;
          xy[current + 1] += gy;
          xy[other] -= gx;
          xy[other + 1] -= gy;
        }
        nextSample[e] += epochsPerSample[e];
        int negatives = (int) ((epoch - nextNegativeSample[e]) / epochsPerNegativeSample[e]);
        for (int s = 0; s < negatives; s++) {
          int k = random.nextInt(n);
          if (k == heads[e]) {
            continue;
          }
          dx = xy[current] - xy[2 * k];
          dy = xy[current + 1] - xy[2 * k + 1];
          dist2 = dx * dx + dy * dy;
          if (dist2 <= 0) {
            continue; // the repulsion has no direction: umap-learn's gradient is 0
          }
          double repel = 2 * gamma * b / ((0.001 + dist2) * (a * Math.pow(dist2, b) + 1));
          xy[current] += clip(repel * dx) * alpha;
          xy[current + 1] += clip(repel * dy) * alpha;
        }
        nextNegativeSample[e] += negatives * epochsPerNegativeSample[e];
      }
      alpha = p.learningRate() * (1 - (double) epoch / nEpochs);
    }
    for (int i = 0; i < n; i++) {
      embedding[i][0] = xy[2 * i];
      embedding[i][1] = xy[2 * i + 1];
    }
  }

  private static double clip(double v) {
    return Math.max(-4, Math.min(4, v));
  }

  /** A standard normal draw (Box-Muller), from the seeded generator. */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
