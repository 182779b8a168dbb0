package krnel.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import krnel.ops.TrainClassifierOp.Preprocessing;

/**
 * Logistic-regression fit time on probe-like data (see {@link #generate}), standardized float32, C = 1:
 * ours ({@link LinearModelTrainer}; where it uses column tiles, also its rows-in-place layout as the in-run
 * baseline) against Smile 2.6.0's {@code LogisticRegression.binomial} (lambda 1) and
 * scikit-learn's {@code LogisticRegression(solver="lbfgs")} (Debian python3-sklearn, run as a subprocess on the
 * same bytes, {@code probe/sklearn_fit_time.py}), in one run; our fits and scikit-learn's alternate, so that
 * both see the same load. Each fits the first {@code n} rows; AUROC is computed here, with the same code for
 * all, on {@code n / 4} held-out rows.
 *
 * <p>Run: {@code mvn -q -B -pl krnel-runtime -am test-compile dependency:build-classpath
 * -Dmdep.outputFile=/tmp/cp -Dmdep.includeScope=test}, then {@code java -cp
 * krnel-runtime/target/test-classes:krnel-runtime/target/classes:$(cat /tmp/cp) krnel.probe.ProbeBenchmark
 * [NxD,...] [repeats]} (default {@code 10000x768,30000x4096 5}). {@code -Dkrnel.python} names the interpreter
 * (default {@code /usr/bin/python3}).
 */
public final class ProbeBenchmark {
  private static final int FACTORS = 32;
  private static final long PAUSE_MS = 500;

  private ProbeBenchmark() {}

  /** Rows of float32 features (row-major) and their labels. */
  record Data(float[] x, boolean[] y, int rows, int d) {}

  /** A timed fit: seconds of each run (the first is a warm-up, for the JIT and for Python alike), iterations, test AUROC. */
  record Timing(String name, double[] seconds, int iterations, double testAuroc) {
    double median() {
      double[] sorted = seconds.length > 1 ? Arrays.copyOfRange(seconds, 1, seconds.length) : seconds.clone();
      Arrays.sort(sorted);
      return sorted[sorted.length / 2];
    }

    double best() {
      return Arrays.stream(seconds.length > 1 ? Arrays.copyOfRange(seconds, 1, seconds.length) : seconds).min().orElseThrow();
    }
  }

  public static void main(String[] args) throws Exception {
    String sizes = args.length > 0 ? args[0] : "10000x768,30000x4096";
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    System.out.printf("%d cores, %s, max heap %d MB%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.version"), Runtime.getRuntime().maxMemory() >> 20);
    for (String size : sizes.split(",")) {
      String[] nd = size.split("x");
      run(Integer.parseInt(nd[0]), Integer.parseInt(nd[1]), repeats);
    }
  }

  private static void run(int n, int d, int repeats) throws Exception {
    Data data = generate(n + n / 4, d, 42);
    Preprocessor scaler = Preprocessor.fit(Preprocessing.STANDARDIZE, data.x(), n, d);
    scaler.applyInPlace(data.x(), data.rows(), d);
    float[] train = Arrays.copyOf(data.x(), n * d);
    boolean[] yTrain = Arrays.copyOf(data.y(), n);
    int positives = 0;
    for (boolean b : yTrain) {
      positives += b ? 1 : 0;
    }
    System.out.printf("%n%d train + %d test rows x %d float32, %.0f%% positive, standardized, C = 1%n", n,
        data.rows() - n, d, 100.0 * positives / n);

    LinearModelTrainer.Params params =
        LinearModelTrainer.Params.parse("logistic_regression", Map.of(), LinearModelTrainer.Loss.LOGISTIC);
    boolean tiled = (long) n * d <= LinearModelTrainer.TILED_MAX_VALUES;
    double[] oursSeconds = new double[repeats + 1];
    double[] rowsSeconds = new double[tiled ? repeats + 1 : 0];
    double[] sklearnSeconds = new double[repeats + 1];
    double[] load = new double[repeats + 1];
    LinearModelTrainer.Fit fit = null;
    LinearModelTrainer.Fit rowsFit = null;
    JsonNode sklearn64 = null;
    JsonNode sklearn32;
    String installation;
    try (Sklearn sklearn = Sklearn.start(data, n)) {
      installation = sklearn.installation;
      for (int r = 0; r <= repeats; r++) { // interleaved, so that all see the same load on a shared machine
        load[r] = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        sklearn64 = sklearn.fit("float64");
        sklearnSeconds[r] = sklearn64.get("seconds").asDouble();
        Thread.sleep(PAUSE_MS); // OpenBLAS's threads spin for a while after a call: let them go idle first
        long t0 = System.nanoTime();
        fit = LinearModelTrainer.fit(train, n, d, yTrain, params);
        oursSeconds[r] = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(PAUSE_MS);
        if (tiled) { // the in-place layout, which larger inputs use: the baseline of the tiled one
          t0 = System.nanoTime();
          rowsFit = LinearModelTrainer.fit(train, n, d, yTrain, params, false);
          rowsSeconds[r] = (System.nanoTime() - t0) / 1e9;
          Thread.sleep(PAUSE_MS);
        }
      }
      sklearn32 = sklearn.fit("float32");
    }
    train = null;
    Timing ours = new Timing("krnel LinearModelTrainer" + (tiled ? " (column tiles)" : " (rows in place)"),
        oursSeconds, fit.iterations(), testAuroc(data, n, fit.weights(), fit.intercept()));
    Timing rows = tiled ? new Timing("krnel LinearModelTrainer, rows in place", rowsSeconds, rowsFit.iterations(),
        testAuroc(data, n, rowsFit.weights(), rowsFit.intercept())) : null;
    Timing skl64 = sklearnTiming("scikit-learn lbfgs, float64 input", sklearnSeconds, sklearn64, data, n);
    Timing skl32 = sklearnTiming("scikit-learn lbfgs, float32 input",
        new double[] {sklearn32.get("seconds").asDouble()}, sklearn32, data, n);
    Timing smile = smile(data, n, n * (long) d <= 10_000_000 ? 2 : 1);

    System.out.printf("%s; ours converged: %s, objective %.6f, max |coef - sklearn float64| / max |coef| %.1e%n",
        installation, fit.converged(), fit.objective(),
        relativeDifference(fit.weights(), doubles(sklearn64.get("coef"))));
    double[] sortedLoad = load.clone();
    Arrays.sort(sortedLoad);
    System.out.printf("load average during the fits %.1f to %.1f%n", sortedLoad[0], sortedLoad[sortedLoad.length - 1]);
    System.out.println("| method | first fit (s) | median fit (s) | best fit (s) | iterations | test AUROC "
        + "| median vs sklearn float64 | best vs best |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (Timing t : new Timing[] {ours, rows, skl64, skl32, smile}) {
      if (t == null) {
        continue;
      }
      System.out.printf("| %s | %.3f | %.3f | %.3f | %s | %.5f | %.2f× | %.2f× |%n", t.name(), t.seconds()[0], t.median(),
          t.best(), t.iterations() < 0 ? "" : String.valueOf(t.iterations()), t.testAuroc(),
          t.median() / skl64.median(), t.best() / skl64.best());
    }
  }

  /**
   * Probe-like activations: 32 shared directions of decaying strength (the low-rank structure of a residual
   * stream, which makes the problem ill-conditioned), per-feature noise, a per-feature offset, and for the
   * positive class (40% of rows) a shift along a random direction, strong enough for a held-out AUROC of
   * about 0.93 but far from separable.
   */
  static Data generate(int rows, int d, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] factors = new float[FACTORS][d];
    for (int k = 0; k < FACTORS; k++) {
      double strength = 0.2 * Math.sqrt(768.0 / d / (1 + k));
      for (int j = 0; j < d; j++) {
        factors[k][j] = (float) (random.nextGaussian() * strength);
      }
    }
    float[] noise = new float[d];
    float[] offset = new float[d];
    float[] shift = new float[d];
    double separation = 2.0 / Math.sqrt(d);
    for (int j = 0; j < d; j++) {
      noise[j] = (float) (0.5 + random.nextDouble());
      offset[j] = (float) random.nextGaussian();
      shift[j] = (float) (random.nextGaussian() * separation);
    }
    float[] x = new float[rows * d];
    boolean[] y = new boolean[rows];
    float[] row = new float[d];
    for (int i = 0; i < rows; i++) {
      y[i] = random.nextDouble() < 0.4;
      for (int j = 0; j < d; j++) {
        row[j] = offset[j] + noise[j] * (float) random.nextGaussian() + (y[i] ? shift[j] : 0);
      }
      for (int k = 0; k < FACTORS; k++) {
        float z = (float) random.nextGaussian();
        float[] f = factors[k];
        for (int j = 0; j < d; j++) {
          row[j] += z * f[j];
        }
      }
      System.arraycopy(row, 0, x, i * d, d);
    }
    return new Data(x, y, rows, d);
  }

  /** scikit-learn in a Python subprocess that has loaded the data and fits it on request. */
  private static final class Sklearn implements AutoCloseable {
    private final Path dir;
    private final Process python;
    private final BufferedReader out;
    private final Writer in;
    final String installation;

    private Sklearn(Path dir, Process python) throws IOException {
      this.dir = dir;
      this.python = python;
      this.out = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
      this.in = new OutputStreamWriter(python.getOutputStream(), StandardCharsets.UTF_8);
      JsonNode about = answer();
      this.installation = "sklearn " + about.get("sklearn").asText() + ", numpy " + about.get("numpy").asText()
          + ", BLAS " + about.get("blas");
    }

    /** Writes the data where the Python script reads it and starts the script. */
    static Sklearn start(Data data, int n) throws IOException {
      Path dir = Files.createTempDirectory("krnel-probe-bench");
      write(dir.resolve("x.f32"), data.x());
      byte[] labels = new byte[data.rows()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = (byte) (data.y()[i] ? 1 : 0);
      }
      Files.write(dir.resolve("y.u8"), labels);
      Path script = dir.resolve("sklearn_fit_time.py");
      try (InputStream resource = ProbeBenchmark.class.getResourceAsStream("/probe/sklearn_fit_time.py")) {
        Files.copy(resource, script);
      }
      Process python = new ProcessBuilder(System.getProperty("krnel.python", "/usr/bin/python3"), script.toString(),
          dir.toString(), String.valueOf(n), String.valueOf(data.rows()), String.valueOf(data.d()))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      return new Sklearn(dir, python);
    }

    /** One timed fit on the training rows as {@code dtype} ("float64" or "float32"). */
    JsonNode fit(String dtype) throws IOException {
      in.write(dtype + "\n");
      in.flush();
      return answer();
    }

    private JsonNode answer() throws IOException {
      String line = out.readLine();
      if (line == null) {
        throw new IllegalStateException("sklearn_fit_time.py stopped (see its error above); is python3-sklearn "
            + "installed? Set -Dkrnel.python to an interpreter that has it.");
      }
      return new ObjectMapper().readTree(line);
    }

    @Override
    public void close() throws IOException, InterruptedException {
      in.close();
      python.waitFor();
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void write(Path file, float[] values) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < values.length; ) {
        buffer.clear();
        int count = Math.min(values.length - i, buffer.capacity() / Float.BYTES);
        buffer.asFloatBuffer().put(values, i, count);
        buffer.limit(count * Float.BYTES);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        i += count;
      }
    }
  }

  private static Timing sklearnTiming(String name, double[] seconds, JsonNode last, Data data, int n) {
    return new Timing(name + (last.get("converged").asBoolean() ? "" : " (max_iter reached)"), seconds,
        last.get("n_iter").asInt(), testAuroc(data, n, doubles(last.get("coef")), last.get("intercept").asDouble()));
  }

  private static Timing smile(Data data, int n, int runs) {
    int d = data.d();
    double[][] rows = new double[n][d];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        rows[i][j] = data.x()[i * d + j];
      }
      labels[i] = data.y()[i] ? 1 : 0;
    }
    double[] seconds = new double[runs];
    smile.classification.LogisticRegression.Binomial model = null;
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      model = smile.classification.LogisticRegression.binomial(rows, labels, 1.0, 1e-5, 500);
      seconds[r] = (System.nanoTime() - t0) / 1e9;
    }
    double[] coefficients = model.coefficients(); // the intercept last
    return new Timing("Smile 2.6.0 LogisticRegression.binomial (lambda 1, tol 1e-5)", seconds, -1,
        testAuroc(data, n, Arrays.copyOf(coefficients, d), coefficients[d]));
  }

  private static double testAuroc(Data data, int n, double[] w, double b) {
    int d = data.d();
    double[] scores = new double[data.rows() - n];
    boolean[] y = Arrays.copyOfRange(data.y(), n, data.rows());
    for (int i = 0; i < scores.length; i++) {
      double z = b;
      for (int j = 0; j < d; j++) {
        z += data.x()[(n + i) * d + j] * w[j];
      }
      scores[i] = z;
    }
    return Metrics.rocAuc(scores, y);
  }

  private static double relativeDifference(double[] a, double[] b) {
    double scale = 0;
    double worst = 0;
    for (int j = 0; j < a.length; j++) {
      scale = Math.max(scale, Math.abs(b[j]));
      worst = Math.max(worst, Math.abs(a[j] - b[j]));
    }
    return worst / scale;
  }

  private static double[] doubles(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asDouble();
    }
    return values;
  }
}
