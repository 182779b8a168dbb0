package krnel.samples.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import krnel.graph.Graph;
import krnel.graph.GraphJson;
import krnel.graph.OpSpec;
import krnel.ops.ClassifierEvaluationOp;
import krnel.samples.QuickstartGraph;
import krnel.types.Dataset;

/**
 * Times the spec layer on the quickstart graph: build + hash, graph JSON read (with the uuid
 * re-check of every node), and {@code subs} + re-hash. Prints medians of many repetitions, with
 * ratios against (a) the Python reference's figures for the same work on this machine kind, quoted
 * in the issue (not measurable here: krnel-graph cannot be installed without PyPI), and (b) an
 * in-run floor: SHA-256 of the same canonical bytes alone, the least any implementation must do.
 *
 * <p>Run: {@code mvn -q -B -DskipTests -P graph-benchmark package}.
 */
public final class GraphBenchmark {
  private static final double REFERENCE_BUILD_HASH_US = 500;
  private static final double REFERENCE_JSON_READ_US = 1300;
  private static final double REFERENCE_SUBS_US = 1400;

  private static int counter;
  /** Every result is stored here, so that the JIT cannot find any of the work unused and drop it. */
  private static volatile Object sink;

  private GraphBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    Dataset train = QuickstartGraph.inlineDataset(List.of("a mail", "other mail"), List.of("spam", "ham"));
    ClassifierEvaluationOp sample = QuickstartGraph.build(train, QuickstartGraph.inlineDataset(List.of("test"), List.of("ham"))).report();
    List<OpSpec> nodes = Graph.allOps(List.of(sample));
    String json = GraphJson.write(List.of(sample));

    double buildHash = medianMicros(rounds, 2_000, () -> build().uuid());
    double jsonRead = medianMicros(rounds, 500, () -> GraphJson.read(json).get(0).uuid());
    // a new test set each time, so every rebuilt node is hashed afresh
    double subs = medianMicros(rounds, 2_000, () ->
        sample.subs(train, QuickstartGraph.inlineDataset(List.of("mail " + counter++), List.of("ham"))).uuid());
    byte[][] canonical = nodes.stream().map(op -> op.canonicalJson().getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    double hashFloor = medianMicros(rounds, 2_000, () -> {
      byte[] digest = null;
      for (byte[] bytes : canonical) {
        digest = sha256.digest(bytes);
      }
      return digest;
    });

    System.out.printf(Locale.ROOT, "quickstart graph: %d nodes, graph JSON %d bytes, %s%n",
        nodes.size(), json.length(), System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    System.out.printf(Locale.ROOT, "%-26s %12s %18s %22s%n", "operation", "median µs", "vs reference", "vs sha256-only floor");
    row("build + hash", buildHash, REFERENCE_BUILD_HASH_US, hashFloor);
    row("graph JSON read + verify", jsonRead, REFERENCE_JSON_READ_US, hashFloor);
    row("subs + re-hash", subs, REFERENCE_SUBS_US, hashFloor);
    System.out.printf(Locale.ROOT, "%-26s %12.2f%n", "sha256 of canonical bytes", hashFloor);
  }

  private static void row(String name, double micros, double reference, double floor) {
    System.out.printf(Locale.ROOT, "%-26s %12.2f %17.0fx %21.1fx%n", name, micros, reference / micros, micros / floor);
  }

  /** A fresh graph each time (new op instances, nothing cached), with distinct data so no uuid repeats. */
  private static ClassifierEvaluationOp build() {
    int n = counter++;
    Dataset train = QuickstartGraph.inlineDataset(List.of("mail " + n, "other mail"), List.of("spam", "ham"));
    Dataset test = QuickstartGraph.inlineDataset(List.of("test mail " + n), List.of("ham"));
    return QuickstartGraph.build(train, test).report();
  }

  /**
   * The median over {@code rounds} of the mean time of {@code batch} calls, after a warm-up long
   * enough for the JIT's last tier to compile everything involved: at least 20,000 calls and one
   * second. (A warm-up of 5 batches, 2,500 calls for the JSON read, left its outer methods below
   * C2's thresholds, so some runs timed partly C1 code and read 2-3 times slower than others.)
   */
  private static double medianMicros(int rounds, int batch, Supplier<Object> work) {
    long warmUntil = System.nanoTime() + 1_000_000_000L;
    for (int i = 0; i < 20_000 || System.nanoTime() < warmUntil; i++) {
      sink = work.get();
    }
    double[] times = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long start = System.nanoTime();
      for (int i = 0; i < batch; i++) {
        sink = work.get();
      }
      times[r] = (System.nanoTime() - start) / 1_000.0 / batch;
    }
    Arrays.sort(times);
    return times[rounds / 2];
  }
}
