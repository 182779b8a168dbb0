package krnel.viz;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

/**
 * The whole UMAP embedding at scale, step by step (neighbours, fuzzy graph, start layout, SGD layout),
 * with the heap it took, and optionally the layout against the sequential one it replaced and the
 * embedding's trustworthiness.
 *
 * <p>Run: {@code mvn -q -B -o -pl krnel-runtime -am test-compile}, then {@code java -Xmx4g -cp
 * krnel-runtime/target/test-classes:krnel-runtime/target/classes:<dependencies> krnel.viz.UmapBenchmark
 * [n] [d] [options]} (default 10000 384), the options being:
 * <ul>
 *   <li>{@code blobs}: 4 overlapping isotropic Gaussian clusters (a connected graph, so a spectral start)
 *       instead of {@link StructuredVectors} (20 clusters of 8-D patches; disconnected, so a random start);
 *   <li>{@code layouts}: also the sequential layout (umap-learn's order, {@link SequentialSgdLayout}) and the
 *       parallel one on a single thread, on the same graph and start;
 *   <li>{@code trust}: trustworthiness (scikit-learn's definition, 5 neighbours) of the NN-descent embedding,
 *       of the exact-neighbour embedding and of the exact-neighbour embedding with the sequential layout;
 *       O(n² d), for n up to a few 10,000;
 *   <li>{@code epochs=N}: run only the first N of the 200 layout epochs and print the layout's time scaled to
 *       all 200 (the graph is still pruned for 200 epochs, and each epoch samples the same edges on average);
 *   <li>{@code spectral}: on a connected graph, the spectral layout once more, alone, with its LOBPCG steps;
 *   <li>{@code nolayout}: stop after the start layout (to time the neighbours, the graph and the start alone);
 *   <li>{@code sklearn}: with {@code trust}, the same figures from Debian's scikit-learn
 *       ({@code /usr/bin/python3}) on the same float32 bytes, written under {@code target/umap-benchmark}.
 * </ul>
 * Figures are wall-clock seconds of one run each (the JIT warms up on the first steps); the other
 * processes on the machine are what the printed load average says.
 */
public final class UmapBenchmark {
  private static final int TRUST_NEIGHBOURS = 5;

  private UmapBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int d = args.length > 1 ? Integer.parseInt(args[1]) : 384;
    List<String> options = args.length > 2 ? List.of(args).subList(2, args.length) : List.of();
    boolean blobs = options.contains("blobs");
    int layoutEpochs = options.stream().filter(o -> o.startsWith("epochs=")).map(o -> Integer.parseInt(o.substring(7)))
        .findFirst().orElse(Integer.MAX_VALUE);
    Umap.Parameters p = new Umap.Parameters(15, 200, 42, false, 1.0, 0.1, 1.0, 1.0, 1.0, 1.0, 5,
        Double.POSITIVE_INFINITY, true);
    float[][] x = blobs ? UmapTest.blobs(n / 4, 4, d, 3.0, new Random(1)) : StructuredVectors.of(n, d, 1);
    n = x.length;
    System.out.printf(Locale.ROOT, "UMAP of %,d x %d %s rows, %d cores, load average %.1f, max heap %.1f GB%n", n, d,
        blobs ? "blob" : "structured", Runtime.getRuntime().availableProcessors(), load(),
        Runtime.getRuntime().maxMemory() / 1e9);
    System.gc();
    double inputHeap = usedHeap();
    resetPeaks();

    long start = System.nanoTime();
    NearestNeighbors knn = Umap.neighbours(x, p);
    double neighbours = seconds(start);
    double[] layoutSeconds = new double[1];
    double[] graphAndStartSeconds = new double[1];
    FuzzyGraph[] graphs = new FuzzyGraph[1];
    double[][] starts = new double[1][];
    start = System.nanoTime();
    long embedStart = start;
    float[][] embedding = Umap.embed(knn, p, (xy, graph, a, b, parameters, random) -> {
      graphAndStartSeconds[0] = seconds(embedStart);
      graphs[0] = graph;
      starts[0] = xy.clone();
      long layoutStart = System.nanoTime();
      if (!options.contains("nolayout")) {
        SgdLayout.optimize(xy, graph, a, b, firstEpochs(parameters, layoutEpochs));
      }
      layoutSeconds[0] = seconds(layoutStart);
    });
    double rest = seconds(start);
    double peak = peakHeap();
    FuzzyGraph graph = graphs[0];
    start = System.nanoTime(); // the graph once more, alone, to split its time from the start layout's
    FuzzyGraph.of(knn, p.localConnectivity(), p.setOpMixRatio(), p.disconnectionDistance())
        .withoutEdgesBelow(1.0 / p.nEpochs());
    double graphSeconds = seconds(start);
    int epochsRun = options.contains("nolayout") ? 0 : Math.min(layoutEpochs, p.nEpochs());
    double layout = epochsRun == 0 ? 0 : layoutSeconds[0] * p.nEpochs() / epochsRun;
    // The graph's second build can take longer than its first (the heap is fuller), so the start's
    // time is given with the graph's, as measured inside the embedding, not as a difference of the two.
    System.out.printf(Locale.ROOT, "neighbours (NN-descent) %.1f s; fuzzy graph %.1f s alone (%,d edges); graph and %s start"
            + " %.1f s; layout %.1f s%s; whole embedding %.1f s%n", neighbours, graphSeconds, graph.weights.length,
        graph.components() == 1 ? "spectral" : "random", graphAndStartSeconds[0], layout,
        epochsRun == p.nEpochs() ? "" : epochsRun == 0 ? " (not run)"
            : " (" + p.nEpochs() + " / " + epochsRun + " times the " + epochsRun + " epochs run)",
        neighbours + rest - layoutSeconds[0] + layout);
    System.out.printf(Locale.ROOT, "heap: input %.2f GB, peak (sum of the pools' peaks) %.2f GB above it%n",
        inputHeap / 1e9, (peak - inputHeap) / 1e9);
    if (options.contains("spectral") && graph.components() == 1) {
      start = System.nanoTime();
      SpectralLayout.Solution spectral = SpectralLayout.solve(graph, new SplittableRandom(p.seed()));
      System.out.printf(Locale.ROOT, "spectral layout alone: %.1f s, %d LOBPCG steps, residual %.1e%n", seconds(start),
          spectral.steps(), spectral.residual());
    }
    if (options.contains("layouts")) {
      compareLayouts(graph, starts[0], firstEpochs(p, layoutEpochs), layoutSeconds[0], embedding);
    }
    if (options.contains("trust")) {
      trust(x, knn, embedding, p, options.contains("sklearn"));
    }
  }

  /**
   * The parameters for only the first {@code epochs} of the layout (the learning rate then decays as
   * over all of them, which changes no step's cost: every epoch samples the same edges on average).
   */
  private static Umap.Parameters firstEpochs(Umap.Parameters p, int epochs) {
    return epochs >= p.nEpochs() ? p : new Umap.Parameters(p.nNeighbors(), epochs, p.seed(), p.cosine(),
        p.learningRate(), p.minDist(), p.spread(), p.setOpMixRatio(), p.localConnectivity(), p.repulsionStrength(),
        p.negativeSampleRate(), p.disconnectionDistance(), p.forceApproximation());
  }

  /** The same graph and start through the sequential layout and the parallel one on one thread. */
  private static void compareLayouts(FuzzyGraph graph, double[] start, Umap.Parameters p, double parallelSeconds,
      float[][] parallel) throws Exception {
    double[] ab = CurveFit.ab(p.spread(), p.minDist());
    double[] sequential = start.clone();
    long t = System.nanoTime();
    SequentialSgdLayout.optimize(sequential, graph, ab[0], ab[1], p, new SplittableRandom(p.seed()));
    double sequentialSeconds = seconds(t);
    double[] single = start.clone();
    ForkJoinPool one = new ForkJoinPool(1);
    try {
      t = System.nanoTime();
      one.submit(() -> SgdLayout.optimize(single, graph, ab[0], ab[1], p)).get();
    } finally {
      one.shutdown();
    }
    double singleSeconds = seconds(t);
    boolean same = true;
    for (int i = 0; i < parallel.length && same; i++) {
      same = parallel[i][0] == (float) single[2 * i] && parallel[i][1] == (float) single[2 * i + 1];
    }
    System.out.printf(Locale.ROOT, "layout, %d epochs: sequential (umap-learn's order) %.1f s; parallel on 1 thread %.1f s "
            + "(%.2fx the sequential); on %d threads %.1f s (%.2fx the sequential, %.2fx 1 thread); "
            + "1 thread and %d threads give %s%n", p.nEpochs(), sequentialSeconds, singleSeconds, singleSeconds / sequentialSeconds,
        ForkJoinPool.getCommonPoolParallelism() + 1, parallelSeconds, parallelSeconds / sequentialSeconds,
        parallelSeconds / singleSeconds, ForkJoinPool.getCommonPoolParallelism() + 1,
        same ? "the same bits" : "DIFFERENT embeddings");
  }

  /** Trustworthiness of the embeddings from NN-descent and exact neighbours, parallel and sequential layouts. */
  private static void trust(float[][] x, NearestNeighbors approximate, float[][] approximateEmbedding,
      Umap.Parameters p, boolean sklearn) throws IOException, InterruptedException {
    long start = System.nanoTime();
    NearestNeighbors exact = NearestNeighbors.of(x, p.nNeighbors(), p.cosine());
    double exactSeconds = seconds(start);
    float[][] exactEmbedding = Umap.embed(exact, p);
    float[][] sequentialEmbedding = Umap.embed(exact, p, SequentialSgdLayout::optimize);
    float[][][] embeddings = {approximateEmbedding, exactEmbedding, sequentialEmbedding};
    String[] names = {"NN-descent neighbours, parallel layout", "exact neighbours, parallel layout",
        "exact neighbours, sequential layout (umap-learn's order)"};
    start = System.nanoTime();
    double[] t = Trustworthiness.of(x, embeddings, TRUST_NEIGHBOURS);
    System.out.printf(Locale.ROOT, "exact neighbours %.1f s; trustworthiness (k = %d, %.1f s for 3):%n", exactSeconds,
        TRUST_NEIGHBOURS, seconds(start));
    for (int e = 0; e < embeddings.length; e++) {
      System.out.printf(Locale.ROOT, "  %.4f %s%n", t[e], names[e]);
    }
    System.out.printf(Locale.ROOT, "  NN-descent - exact: %+.4f; parallel - sequential layout: %+.4f%n", t[0] - t[1],
        t[1] - t[2]);
    if (sklearn) {
      Path dir = Path.of("target", "umap-benchmark");
      Files.createDirectories(dir);
      write(dir.resolve("x.f32"), x);
      for (int e = 0; e < embeddings.length; e++) {
        write(dir.resolve("embedding" + e + ".f32"), embeddings[e]);
      }
      String script = "import numpy as np, sklearn\n"
          + "from sklearn.manifold import trustworthiness\n"
          + "x = np.fromfile('" + dir.resolve("x.f32") + "', dtype='<f4').reshape(" + x.length + ", -1)\n"
          + "for e in range(" + embeddings.length + "):\n"
          + "    y = np.fromfile('" + dir + "/embedding%d.f32' % e, dtype='<f4').reshape(-1, 2)\n"
          + "    print('  %.4f scikit-learn ' % trustworthiness(x, y, n_neighbors=" + TRUST_NEIGHBOURS
          + ") + sklearn.__version__)\n";
      Process python = new ProcessBuilder("/usr/bin/python3", "-c", script).inheritIO().start();
      if (python.waitFor() != 0) {
        throw new IllegalStateException("/usr/bin/python3 with scikit-learn failed (apt-get install python3-sklearn)");
      }
    }
  }

  private static void write(Path path, float[][] rows) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(rows.length * rows[0].length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] row : rows) {
      for (float v : row) {
        buffer.putFloat(v);
      }
    }
    buffer.flip();
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static double usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static List<MemoryPoolMXBean> heapPools() {
    List<MemoryPoolMXBean> pools = new ArrayList<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pools.add(pool);
      }
    }
    return pools;
  }

  private static void resetPeaks() {
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static double peakHeap() {
    return heapPools().stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
  }
}
