package krnel.viz;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Our neighbour graph (NN-descent) against pynndescent's, with umap-learn's parameters, on the same
 * bytes in one run: seconds and recall against exact search on a sample of rows; then the whole UMAP
 * embedding's time. Both sides are warmed up first (JIT compilation, numba compilation) and not timed
 * for it. pynndescent runs as a subprocess of Debian's python3 ({@code apt-get install
 * python3-pynndescent}).
 *
 * <p>Run: {@code mvn -q -B test-compile -pl krnel-runtime -am}, then {@code java -Xmx6g -cp
 * krnel-runtime/target/test-classes:krnel-runtime/target/classes:$(cat cp.txt) krnel.viz.NNDescentBenchmark
 * [rows,rows,...] [dimension] [--vectors FILE.f32] [--no-umap]} (default {@code 10000,100000 384}; with
 * {@code --vectors}, the rows of a little-endian float32 file of that dimension instead of
 * {@link StructuredVectors}).
 */
public final class NNDescentBenchmark {
  private static final int K = 15;

  private NNDescentBenchmark() {}

  public static void main(String[] args) throws Exception {
    String sizes = args.length > 0 && !args[0].startsWith("--") ? args[0] : "10000,100000";
    int d = args.length > 1 && !args[1].startsWith("--") ? Integer.parseInt(args[1]) : 384;
    Path vectors = null;
    boolean umap = true;
    boolean peer = true;
    for (int a = 0; a < args.length; a++) {
      if (args[a].equals("--vectors")) {
        vectors = Path.of(args[++a]);
      } else if (args[a].equals("--no-umap")) {
        umap = false;
      } else if (args[a].equals("--no-pynndescent")) {
        peer = false;
      }
    }
    warmUp(d);
    System.out.printf("%-10s %5s %12s %8s %12s %8s %7s %12s%n", "rows", "dim", "pynndescent", "recall", "krnel",
        "recall", "ratio", "whole UMAP");
    for (String size : sizes.split(",")) {
      float[][] x = vectors != null ? read(vectors, d, Integer.parseInt(size)) : StructuredVectors.of(Integer.parseInt(size), d, 1);
      run(x, umap, peer);
    }
  }

  private static void run(float[][] x, boolean umap, boolean peer) throws Exception {
    int n = x.length;
    int d = x[0].length;
    Path dir = Files.createTempDirectory("nndescent-bench");
    Path data = dir.resolve("x.f32");
    write(x, data);
    Path out = dir.resolve("knn.i32");
    double theirs = peer ? pynndescent(data, n, d, out) : Double.NaN;
    int[][] theirIndices = peer ? readIndices(out, n) : null;

    System.gc();
    long before = heapUsed();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    long start = System.nanoTime();
    NearestNeighbors ours = NNDescent.of(x, K, false, 42);
    double mine = (System.nanoTime() - start) / 1e9;
    long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP).mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    System.out.printf("heap: %d MB before the search (the rows and the benchmark's own), peak %d MB during it"
        + " (sum of the pools' peaks), -Xmx %d MB%n", before >> 20, peak >> 20, Runtime.getRuntime().maxMemory() >> 20);

    int[] sample = new SplittableRandom(7).ints(n > 200_000 ? 200 : 1000, 0, n).toArray();
    int[][] exact = exactSample(x, sample);
    double theirRecall = peer ? recall(theirIndices, sample, exact) : Double.NaN;
    double ourRecall = recall(ours.indices, sample, exact);
    String whole = "-";
    if (umap) {
      start = System.nanoTime();
      Umap.embed(ours, UmapTest.DEFAULTS);
      whole = String.format("%.1f s", mine + (System.nanoTime() - start) / 1e9);
    }
    System.out.printf("%-10d %5d %10.2f s %8.4f %10.2f s %8.4f %6.2fx %12s%n", n, d, theirs, theirRecall, mine,
        ourRecall, mine / theirs, whole);
    for (Path p : new Path[] {data, out, dir}) {
      Files.deleteIfExists(p);
    }
  }

  private static long heapUsed() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
        .mapToLong(pool -> pool.getUsage().getUsed()).sum();
  }

  private static void warmUp(int d) {
    float[][] x = StructuredVectors.of(5000, d, 99);
    for (int r = 0; r < 2; r++) {
      NNDescent.of(x, K, false, r);
    }
  }

  private static double pynndescent(Path data, int n, int d, Path out) throws IOException, InterruptedException {
    Path script = Files.createTempFile("pynndescent_knn", ".py");
    try (InputStream in = NNDescentBenchmark.class.getResourceAsStream("pynndescent_knn.py")) {
      Files.write(script, in.readAllBytes());
    }
    Process python = new ProcessBuilder(System.getProperty("krnel.python", "/usr/bin/python3"), script.toString(),
        data.toString(), Integer.toString(n), Integer.toString(d), Integer.toString(K), "euclidean", out.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (python.waitFor() != 0) {
      throw new IllegalStateException("pynndescent_knn.py failed (is python3-pynndescent installed?): " + output);
    }
    Files.delete(script);
    return Double.parseDouble(output.strip().split("\\s+")[1]);
  }

  /** The exact K nearest rows (the row itself first) of each sampled row, brute force. */
  private static int[][] exactSample(float[][] x, int[] sample) {
    int[][] result = new int[sample.length][];
    IntStream.range(0, sample.length).parallel().forEach(s -> {
      int i = sample[s];
      // (distance, index) packed in a long sorts by distance, then index: the bits of a float >= 0 order as it does.
      long[] keys = new long[x.length - 1];
      float[] scratch = new float[SquaredDistance.scratchLength(x[i].length)];
      int count = 0;
      for (int j = 0; j < x.length; j++) {
        if (j != i) {
          keys[count++] = ((long) Float.floatToIntBits(SquaredDistance.FASTEST.between(x[i], x[j], scratch)) << 32) | j;
        }
      }
      java.util.Arrays.sort(keys);
      result[s] = new int[K];
      result[s][0] = i;
      for (int m = 1; m < K; m++) {
        result[s][m] = (int) keys[m - 1];
      }
    });
    return result;
  }

  private static double recall(int[][] found, int[] sample, int[][] exact) {
    long hits = 0;
    long total = 0;
    for (int s = 0; s < sample.length; s++) {
      Set<Integer> mine = new HashSet<>();
      for (int j : found[sample[s]]) {
        if (j != sample[s]) {
          mine.add(j);
        }
      }
      for (int m = 0; m < K; m++) {
        if (exact[s][m] != sample[s]) {
          total++;
          hits += mine.contains(exact[s][m]) ? 1 : 0;
        }
      }
    }
    return (double) hits / total;
  }

  private static void write(float[][] x, Path file) throws IOException {
    int d = x[0].length;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.allocateDirect(d * 4 * 1024).order(ByteOrder.LITTLE_ENDIAN);
      for (float[] row : x) {
        if (buffer.remaining() < d * 4) {
          buffer.flip();
          channel.write(buffer);
          buffer.clear();
        }
        buffer.asFloatBuffer().put(row);
        buffer.position(buffer.position() + d * 4);
      }
      buffer.flip();
      channel.write(buffer);
    }
  }

  private static float[][] read(Path file, int d, int limit) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int n = Math.min(limit, bytes.remaining() / (4 * d));
    float[][] x = new float[n][d];
    for (float[] row : x) {
      bytes.asFloatBuffer().get(row);
      bytes.position(bytes.position() + 4 * d);
    }
    return x;
  }

  private static int[][] readIndices(Path file, int n) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int k = bytes.remaining() / 4 / n;
    int[][] indices = new int[n][k];
    for (int[] row : indices) {
      bytes.asIntBuffer().get(row);
      bytes.position(bytes.position() + 4 * k);
    }
    return indices;
  }
}
