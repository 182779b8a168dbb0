package krnel.viz;

import java.util.SplittableRandom;

/**
 * The layout step as it was before it ran in parallel (krnel-runtime's {@code Umap.optimize} up to UMAP
 * implementation version 2): umap-learn's sequential {@code optimize_layout_euclidean}, one edge after
 * another, moving both ends, negative samples from the one seeded generator. {@link UmapBenchmark}
 * measures {@link SgdLayout} against it, for time and for trustworthiness.
 */
final class SequentialSgdLayout {
  private SequentialSgdLayout() {}

  static void optimize(double[] xy, FuzzyGraph graph, double a, double b, Umap.Parameters p,
      SplittableRandom random) {
    int n = graph.vertices;
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
  }

  private static double clip(double v) {
    return Math.max(-4, Math.min(4, v));
  }
}
