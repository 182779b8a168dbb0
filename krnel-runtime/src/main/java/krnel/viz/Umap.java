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
 * in pure Java, and keeps every row. A seed always gives the same embedding, whatever the number of
 * threads: the neighbours, the graph and the spectral start are computed row by row or from one seeded
 * generator, and the layout ({@link SgdLayout}) is split so that no result depends on scheduling. When
 * the neighbour graph is not connected, it starts from a random layout (umap-learn lays each component
 * out separately).
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
    return embed(knn, p, (xy, graph, a, b, parameters, random) -> SgdLayout.optimize(xy, graph, a, b, parameters));
  }

  /** The optimization step, from the start layout {@code xy} (x of row i at 2i, y at 2i + 1) in place. */
  interface Layout {
    void optimize(double[] xy, FuzzyGraph graph, double a, double b, Parameters p, SplittableRandom random);
  }

  /** As {@link #embed(NearestNeighbors, Parameters)}, with another layout step (benchmarks compare them). */
  static float[][] embed(NearestNeighbors knn, Parameters p, Layout layout) {
    int n = knn.indices.length;
    SplittableRandom random = new SplittableRandom(p.seed());
    FuzzyGraph graph = FuzzyGraph.of(knn, p.localConnectivity(), p.setOpMixRatio(), p.disconnectionDistance())
        .withoutEdgesBelow(1.0 / p.nEpochs()); // they would never be sampled: umap-learn drops them first
    double[][] embedding = graph.components() == 1 ? spectralStart(graph, random) : randomStart(n, random);
    rescale(embedding);
    double[] ab = CurveFit.ab(p.spread(), p.minDist());
    double[] xy = new double[DIMENSIONS * n]; // one flat array, x of row i at 2i, y at 2i + 1, for locality
    for (int i = 0; i < n; i++) {
      xy[2 * i] = embedding[i][0];
      xy[2 * i + 1] = embedding[i][1];
    }
    layout.optimize(xy, graph, ab[0], ab[1], p, random);
    float[][] out = new float[n][DIMENSIONS];
    for (int i = 0; i < n; i++) {
      out[i][0] = (float) xy[2 * i];
      out[i][1] = (float) xy[2 * i + 1];
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

  /** A standard normal draw (Box-Muller), from the seeded generator. */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
