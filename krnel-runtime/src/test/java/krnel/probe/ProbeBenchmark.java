package krnel.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
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
 * ours ({@link LinearModelTrainer}) against Smile 2.6.0's {@code LogisticRegression.binomial} (lambda 1) and
 * scikit-learn's {@code LogisticRegression(solver="lbfgs")} (Debian python3-sklearn, run as a subprocess on the
 * same bytes, {@code probe/sklearn_fit_time.py}), in one run. Each fits the first {@code n} rows; AUROC is
 * computed here, with the same code for all, on {@code n / 4} held-out rows.
 *
 * <p>Run: {@code mvn -q -B -pl krnel-runtime -am test-compile dependency:build-classpath
 * -Dmdep.outputFile=/tmp/cp -Dmdep.includeScope=test}, then {@code java -cp
 * krnel-runtime/target/test-classes:krnel-runtime/target/classes:$(cat /tmp/cp) krnel.probe.ProbeBenchmark
 * [NxD,...] [repeats]} (default {@code 10000x768,30000x4096 3}). {@code -Dkrnel.python} names the interpreter
 * (default {@code /usr/bin/python3}).
 */
public final class ProbeBenchmark {
  private static final int FACTORS = 32;

  private ProbeBenchmark() {}

  /** Rows of float32 features (row-major) and their labels. */
  record Data(float[] x, boolean[] y, int rows, int d) {}

  /** A timed fit: seconds of each run (the first warms up the JIT), iterations, test scores. */
  record Timing(String name, double[] seconds, int iterations, double testAuroc) {
    double median() {
      double[] sorted = seconds.length > 1 ? Arrays.copyOfRange(seconds, 1, seconds.length) : seconds.clone();
      Arrays.sort(sorted);
      return sorted[sorted.length / 2];
    }
  }

  public static void main(String[] args) throws Exception {
    String sizes = args.length > 0 ? args[0] : "10000x768,30000x4096";
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
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

    JsonNode sklearn = sklearn(data, n, repeats);
    Timing skl64 = sklearnTiming("scikit-learn lbfgs, float64 input", sklearn.get("float64"), data, n);
    Timing skl32 = sklearnTiming("scikit-learn lbfgs, float32 input", sklearn.get("float32"), data, n);

    LinearModelTrainer.Params params =
        LinearModelTrainer.Params.parse("logistic_regression", Map.of(), LinearModelTrainer.Loss.LOGISTIC);
    double[] seconds = new double[repeats + 1];
    LinearModelTrainer.Fit fit = null;
    for (int r = 0; r < seconds.length; r++) {
      long t0 = System.nanoTime();
      fit = LinearModelTrainer.fit(train, n, d, yTrain, params);
      seconds[r] = (System.nanoTime() - t0) / 1e9;
    }
    Timing ours = new Timing("krnel LinearModelTrainer", seconds, fit.iterations(),
        testAuroc(data, n, fit.weights(), fit.intercept()));
    train = null;

    Timing smile = smile(data, n, n * (long) d <= 10_000_000 ? 2 : 1);

    System.out.printf("sklearn %s, numpy %s, BLAS %s; ours converged: %s, objective %.6f%n",
        sklearn.get("sklearn").asText(), sklearn.get("numpy").asText(), sklearn.get("blas"), fit.converged(),
        fit.objective());
    System.out.printf("%nmax |coef - sklearn float64| / max |coef|: ours %.1e%n",
        relativeDifference(fit.weights(), doubles(sklearn.get("float64").get("coef"))));
    System.out.println("| method | first fit (s) | median fit (s) | iterations | test AUROC | median vs sklearn float64 |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (Timing t : new Timing[] {ours, skl64, skl32, smile}) {
      System.out.printf("| %s | %.3f | %.3f | %s | %.5f | %.2f× |%n", t.name(), t.seconds()[0], t.median(),
          t.iterations() < 0 ? "" : String.valueOf(t.iterations()), t.testAuroc(), t.median() / skl64.median());
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

  /** Writes the data where the Python script reads it, runs it, and returns its JSON. */
  private static JsonNode sklearn(Data data, int n, int repeats) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("krnel-probe-bench");
    try {
      write(dir.resolve("x.f32"), data.x());
      byte[] labels = new byte[data.rows()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = (byte) (data.y()[i] ? 1 : 0);
      }
      Files.write(dir.resolve("y.u8"), labels);
      Path script = dir.resolve("sklearn_fit_time.py");
      try (InputStream in = ProbeBenchmark.class.getResourceAsStream("/probe/sklearn_fit_time.py")) {
        Files.copy(in, script);
      }
      Process python = new ProcessBuilder(System.getProperty("krnel.python", "/usr/bin/python3"), script.toString(),
          dir.toString(), String.valueOf(n), String.valueOf(data.rows()), String.valueOf(data.d()),
          String.valueOf(repeats)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      byte[] out = python.getInputStream().readAllBytes();
      if (python.waitFor() != 0) {
        throw new IllegalStateException("sklearn_fit_time.py failed (exit " + python.exitValue() + "); is "
            + "python3-sklearn installed? Set -Dkrnel.python to an interpreter that has it.");
      }
      return new ObjectMapper().readTree(out);
    } finally {
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

  private static Timing sklearnTiming(String name, JsonNode result, Data data, int n) {
    double[] seconds = doubles(result.get("seconds"));
    double[] all = new double[seconds.length + 1]; // no JIT to warm up: every run counts
    System.arraycopy(seconds, 0, all, 1, seconds.length);
    all[0] = seconds[0];
    return new Timing(name + (result.get("converged").asBoolean() ? "" : " (max_iter reached)"), all,
        result.get("n_iter").asInt(), testAuroc(data, n, doubles(result.get("coef")), result.get("intercept").asDouble()));
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
