package krnel.viz;

import java.util.stream.IntStream;

/**
 * umap-learn's {@code optimize_layout_euclidean} (attraction along sampled edges, negative sampling,
 * a linearly decaying learning rate), run on every core with the same bits for a seed on any number
 * of threads.
 *
 * <p>umap-learn moves the points one edge after another (or, with {@code parallel=True}, races on them
 * Hogwild-style, so its result depends on scheduling). Here each epoch reads the other points where
 * the previous epoch left them and each point moves only itself: its own position follows its edges
 * in order, as in umap-learn, but what it sees of its neighbours and its negative samples is that
 * epoch's snapshot. No two threads write the same coordinate and nobody reads one being written,
 * so the work can be split any way. umap-learn's {@code move_other} (the tail moves back along each
 * sampled edge) becomes a doubled pull on the head: the graph is symmetric, so the reverse edge with
 * the same weight is sampled in the same epoch and moves the tail itself. The negative samples of
 * edge e in an epoch come from a random stream keyed by (seed, epoch, e), not from a shared generator.
 */
final class SgdLayout {
  /** Below this many points an epoch is too little work to share out. */
  private static final int PARALLEL_FROM = 2048;
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private final int[] rowStarts;
  private final int[] tails;
  private final double[] epochsPerSample;
  private final double[] nextSample;
  private final double[] nextNegativeSample;
  private final double a;
  private final double b;
  private final double gamma;
  private final int negativeSampleRate;
  private final long seed;
  private final int n;

  private SgdLayout(FuzzyGraph graph, double a, double b, Umap.Parameters p) {
    this.n = graph.vertices;
    this.rowStarts = graph.rowStarts();
    this.tails = graph.tails;
    this.a = a;
    this.b = b;
    this.gamma = p.repulsionStrength();
    this.negativeSampleRate = p.negativeSampleRate();
    this.seed = p.seed();
    int edges = graph.weights.length;
    double maxWeight = graph.maxWeight();
    epochsPerSample = new double[edges];
    for (int e = 0; e < edges; e++) {
      epochsPerSample[e] = maxWeight / graph.weights[e];
    }
    nextSample = epochsPerSample.clone();
    nextNegativeSample = new double[edges];
    for (int e = 0; e < edges; e++) {
      nextNegativeSample[e] = epochsPerSample[e] / negativeSampleRate;
    }
  }

  /**
   * Optimizes {@code xy} (x of point i at 2i, y at 2i + 1) in place, in the common fork-join pool or in
   * the pool of the calling fork-join task.
   */
  static void optimize(double[] xy, FuzzyGraph graph, double a, double b, Umap.Parameters p) {
    new SgdLayout(graph, a, b, p).run(xy, p.nEpochs(), p.learningRate());
  }

  private void run(double[] xy, int nEpochs, double learningRate) {
    double[] from = xy;
    double[] to = new double[xy.length];
    double alpha = learningRate;
    for (int epoch = 0; epoch < nEpochs; epoch++) {
      double[] snapshot = from;
      double[] next = to;
      int e0 = epoch;
      double step = alpha;
      IntStream points = IntStream.range(0, n);
      (n >= PARALLEL_FROM ? points.parallel() : points).forEach(i -> movePoint(i, e0, step, snapshot, next));
      to = from;
      from = next;
      alpha = learningRate * (1 - (double) epoch / nEpochs);
    }
    if (from != xy) {
      System.arraycopy(from, 0, xy, 0, xy.length);
    }
  }

  /** One epoch's moves of point i: reads {@code snapshot}, writes only point i of {@code next}. */
  private void movePoint(int i, int epoch, double alpha, double[] snapshot, double[] next) {
    double x = snapshot[2 * i];
    double y = snapshot[2 * i + 1];
    for (int e = rowStarts[i]; e < rowStarts[i + 1]; e++) {
      if (nextSample[e] > epoch) {
        continue;
      }
      int j = tails[e];
      double dx = x - snapshot[2 * j];
      double dy = y - snapshot[2 * j + 1];
      double dist2 = dx * dx + dy * dy;
      if (dist2 > 0) {
        double powB = Math.pow(dist2, b); // d^(b-1) is d^b / d: one pow instead of two
        double attract = -2 * a * b * (powB / dist2) / (a * powB + 1);
        x += 2 * clip(attract * dx) * alpha; // twice: this edge's pull and its reverse edge's
        y += 2 * clip(attract * dy) * alpha;
      }
      nextSample[e] += epochsPerSample[e];
      double epochsPerNegativeSample = epochsPerSample[e] / negativeSampleRate;
      int negatives = (int) ((epoch - nextNegativeSample[e]) / epochsPerNegativeSample);
      long stream = streamStart(epoch, e);
      for (int s = 0; s < negatives; s++) {
        stream += GOLDEN_GAMMA;
        int k = (int) (((mix64(stream) >>> 32) * n) >>> 32); // uniform in [0, n) by multiply-shift
        if (k == i) {
          continue;
        }
        dx = x - snapshot[2 * k];
        dy = y - snapshot[2 * k + 1];
        dist2 = dx * dx + dy * dy;
        if (dist2 <= 0) {
          continue; // the repulsion has no direction: umap-learn's gradient is 0
        }
        double repel = 2 * gamma * b / ((0.001 + dist2) * (a * Math.pow(dist2, b) + 1));
        x += clip(repel * dx) * alpha;
        y += clip(repel * dy) * alpha;
      }
      nextNegativeSample[e] += negatives * epochsPerNegativeSample;
    }
    next[2 * i] = x;
    next[2 * i + 1] = y;
  }

  /** The state of edge e's random stream in this epoch (SplitMix64, as {@code SplittableRandom}). */
  private long streamStart(int epoch, int e) {
    return mix64(mix64(seed + GOLDEN_GAMMA * (epoch + 1)) ^ e);
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static double clip(double v) {
    return Math.max(-4, Math.min(4, v));
  }
}
