package krnel.viz;

import java.util.Random;

/**
 * UMAP time on probe-like data (n Gaussian vectors of dimension d in 4 shifted clusters, float32): the
 * exact neighbour search alone, then the whole embedding, in seconds. There is no speed target; the
 * figures show where the time goes (the O(n² d) neighbour search).
 *
 * <p>Run: {@code mvn -q test-compile -pl krnel-runtime -am}, then {@code java -cp <test classpath>
 * krnel.viz.UmapBenchmark [n] [d]} (default 10000 768).
 */
public final class UmapBenchmark {
  private UmapBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int d = args.length > 1 ? Integer.parseInt(args[1]) : 768;
    float[][] x = UmapTest.blobs(n / 4, 4, d, 3.0, new Random(1));
    long start = System.nanoTime();
    NearestNeighbors.of(x, 15, false);
    double knn = (System.nanoTime() - start) / 1e9;
    start = System.nanoTime();
    Umap.embed(x, UmapTest.DEFAULTS);
    double total = (System.nanoTime() - start) / 1e9;
    System.out.printf("UMAP %d x %d, %d threads: neighbours %.1f s, whole embedding %.1f s%n", x.length, d,
        Runtime.getRuntime().availableProcessors(), knn, total);
  }
}
