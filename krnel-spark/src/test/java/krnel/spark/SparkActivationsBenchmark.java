package krnel.spark;

import static krnel.ops.LLMLayerActivationsOp.TokenMode.MEAN;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import krnel.runner.FileHashes;
import krnel.runner.Runner;
import krnel.runner.Store;
import krnel.types.TextColumn;
import krnel.types.VectorColumn;
import org.apache.spark.sql.SparkSession;

/**
 * MiniLM activations of the quickstart's mails (max_length 128, mean pooling, as the quickstart) with
 * the local runner, Spark {@code local[1]}, Spark {@code local[2]} and {@code local[2]} with its tasks
 * running the model side by side (the layout before the session turns), each in a fresh JVM of its own
 * (one SparkSession per JVM; each sets up its ONNX sessions alone), one after the other in one run.
 * Each JVM first computes the activations of 8 other mails (model load, JIT, Spark's first job), then
 * times the activations of ROWS mails: the op's materialize call, Spark job, merge and store included.
 *
 * <pre>
 * mvn -q -B -pl krnel-spark -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp -Dmdep.includeScope=test
 * java -cp krnel-spark/target/test-classes:krnel-spark/target/classes:$(cat /tmp/cp) krnel.spark.SparkActivationsBenchmark 300
 * </pre>
 */
public final class SparkActivationsBenchmark {
  /** Spark's launcher options (as in the module's surefire argLine) plus Arrow's. */
  private static final List<String> JVM_FLAGS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
      "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
      "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
      "-Dio.netty.tryReflectionSetAccessible=true", "-Dspark.ui.enabled=false");
  private static final Path MAILS = Path.of("samples/data/spam_train.parquet");
  /**
   * {@code local[2]} laid out as before the session turns: two tasks running the shared session side
   * by side, one intra-op thread each; measured in the same run as the baseline of the change.
   */
  private static final String SIDE_BY_SIDE = "local[2]-side-by-side";

  private SparkActivationsBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("--child")) {
      child(args[1], Integer.parseInt(args[2]));
      return;
    }
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    System.out.printf("MiniLM activations of %d mails (max_length 128, mean), %d processors, JDK %s%n", rows,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    Map<String, String[]> results = new LinkedHashMap<>();
    for (String mode : List.of("local", "local[1]", "local[2]", SIDE_BY_SIDE)) {
      results.put(mode, fork(mode, rows));
    }
    double local = Double.parseDouble(results.get("local")[0]);
    double one = Double.parseDouble(results.get("local[1]")[0]);
    double two = Double.parseDouble(results.get("local[2]")[0]);
    System.out.printf("%-22s %8s %8s %12s  %s%n", "engine", "seconds", "rows/s", "CPU seconds", "merge");
    for (Map.Entry<String, String[]> result : results.entrySet()) {
      double seconds = Double.parseDouble(result.getValue()[0]);
      System.out.printf("%-22s %8.2f %8.1f %12.2f  %s%n", result.getKey(), seconds, rows / seconds,
          Double.parseDouble(result.getValue()[1]), result.getValue()[2].replace('_', ' '));
    }
    for (String mode : List.of("local[1]", "local[2]", SIDE_BY_SIDE)) {
      System.out.println(mode + " " + results.get(mode)[4].replace('_', ' '));
    }
    double localCpu = Double.parseDouble(results.get("local")[1]);
    double twoCpu = Double.parseDouble(results.get("local[2]")[1]);
    System.out.printf("CPU seconds local[2] / local runner: %.2f (the engine's overhead in work, whatever the load)%n",
        twoCpu / localCpu);
    System.out.printf("local[2] / local[1] speed-up: %.2fx (goal >= 1.8x)%n", one / two);
    System.out.printf("local[2] time / local runner time: %.2f (goal <= 1.10)%n", two / local);
    double before = Double.parseDouble(results.get(SIDE_BY_SIDE)[0]);
    System.out.printf("local[2] / local[1] with the tasks side by side (as before): %.2fx, / local runner %.2f%n",
        one / before, before / local);
    boolean same = results.values().stream().map(r -> r[3]).distinct().count() == 1;
    System.out.println("result.parquet sha256 " + (same ? "identical in all four: " + results.get("local")[3]
        : "DIFFERS: " + results.values().stream().map(r -> r[3]).toList()));
  }

  /** Runs one mode in a fresh JVM; its last line is "seconds cpu-seconds merge sha256 tasks". */
  private static String[] fork(String mode, int rows) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    command.addAll(List.of("-Djava.io.tmpdir=krnel-spark/target", "-DDJL_CACHE_DIR=krnel-spark/target/djl-cache",
        "-Djna.tmpdir=krnel-spark/target/jna"));
    for (String name : System.getProperties().stringPropertyNames()) { // e.g. -Dspark.krnel.tasks=4 to try more slices
      if (name.startsWith("krnel.") || name.startsWith("spark.")) {
        command.add("-D" + name + "=" + System.getProperty(name));
      }
    }
    if (Runtime.version().feature() >= 24) {
      command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), SparkActivationsBenchmark.class.getName(),
        "--child", mode, Integer.toString(rows)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put("ORT_DISABLE_TELEMETRY", "1"); // ONNX Runtime's telemetry crashed JVMs here
    Process process = builder.start();
    String last = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        last = line;
      }
    }
    if (process.waitFor() != 0 || last == null) {
      throw new IllegalStateException(mode + " failed (exit " + process.exitValue() + ")");
    }
    return last.split(" ", 5);
  }

  private static void child(String mode, int rows) throws Exception {
    if (mode.equals(SIDE_BY_SIDE)) {
      System.setProperty("krnel.onnx.concurrentRuns", "true");
      System.setProperty("krnel.onnx.intraOpThreads", "1");
      mode = "local[2]";
    }
    Path store = Files.createTempDirectory("krnel-spark-bench");
    SparkSession spark = null;
    try (Runner runner = Runner.open(store.toString())) {
      if (!mode.equals("local")) {
        spark = SparkSession.builder().master(mode).appName("krnel-bench").config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        runner.useEngine(SparkEngine.builder().session(spark).build());
      }
      TaskTimes tasks = new TaskTimes();
      if (spark != null) {
        spark.sparkContext().addSparkListener(tasks);
      }
      runner.materialize(activations(runner, 0, 8)); // warm-up: model, JIT, the first Spark job
      VectorColumn timed = activations(runner, 2400, rows);
      SparkEngine.lastMerge = null;
      var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      long cpuStart = os.getProcessCpuTime();
      tasks.reset();
      long startMillis = System.currentTimeMillis();
      long start = System.nanoTime();
      runner.materialize(timed);
      double seconds = (System.nanoTime() - start) / 1e9;
      long endMillis = System.currentTimeMillis();
      double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
      SparkEngine.MergeTiming merge = SparkEngine.lastMerge;
      String[] parts = Store.split(timed.uuid());
      String sha = FileHashes.sha256(store.resolve(parts[0]).resolve(parts[1]).resolve("result.parquet"));
      String merged = merge == null ? "-" : String.format("%.1f ms (%d row groups re-encoded, %d copied)",
          merge.nanos() / 1e6, merge.merged().rowGroupsReencoded(), merge.merged().rowGroupsCopied());
      String taskSummary = spark == null ? "-" : tasks.summary(startMillis, endMillis, SparkEngine.lastPreparation);
      System.out.println(seconds + " " + cpuSeconds + " " + merged.replace(' ', '_') + " " + sha + " "
          + taskSummary.replace(' ', '_'));
    } finally {
      if (spark != null) {
        spark.stop();
      }
      try (var files = Files.walk(store)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  /**
   * The timed job's tasks, from Spark's listener bus: how long each ran and its thread's CPU time
   * (with one intra-op thread ONNX Runtime runs on the task's thread alone; with more, its pool's threads
   * are not counted), and the driver's time around
   * the job (before: reading the op's inputs, slicing; after: merging the parts, storing).
   */
  static final class TaskTimes extends org.apache.spark.scheduler.SparkListener {
    private final List<long[]> tasks = new java.util.concurrent.CopyOnWriteArrayList<>(); // launch, finish, run ms, cpu ns
    private volatile long jobStart;
    private volatile long jobEnd;

    void reset() {
      tasks.clear();
      jobStart = 0;
    }

    @Override
    public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
      if (jobStart == 0) {
        jobStart = start.time();
      }
    }

    @Override
    public void onJobEnd(org.apache.spark.scheduler.SparkListenerJobEnd end) {
      jobEnd = end.time();
    }

    @Override
    public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
      tasks.add(new long[] {end.taskInfo().launchTime(), end.taskInfo().finishTime(),
          end.taskMetrics().executorRunTime(), end.taskMetrics().executorCpuTime()});
    }

    String summary(long startMillis, long endMillis, long preparationNanos) {
      try {
        Thread.sleep(200); // the listener bus delivers events asynchronously
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      List<long[]> sorted = tasks.stream().sorted(java.util.Comparator.comparingLong(t -> t[0])).toList();
      StringBuilder run = new StringBuilder();
      StringBuilder cpu = new StringBuilder();
      long firstLaunch = Long.MAX_VALUE;
      long lastFinish = 0;
      for (long[] task : sorted) {
        run.append(run.length() == 0 ? "" : "/").append(String.format("%.1f", task[2] / 1e3));
        cpu.append(cpu.length() == 0 ? "" : "/").append(String.format("%.1f", task[3] / 1e9));
        firstLaunch = Math.min(firstLaunch, task[0]);
        lastFinish = Math.max(lastFinish, task[1]);
      }
      return String.format("%d tasks, run %s s, task CPU %s s; driver before the job %d ms (the engine's preparation"
          + " %.0f ms), first task launched %d ms into it, job ended %d ms after the last task, driver after the job"
          + " %d ms", sorted.size(), run, cpu, jobStart - startMillis, preparationNanos / 1e6, firstLaunch - jobStart,
          jobEnd - lastFinish, endMillis - jobEnd);
    }
  }

  private static VectorColumn activations(Runner runner, int offset, int rows) {
    TextColumn text = runner.fromParquet(MAILS).take(o -> o.offset(offset).numRows(rows)).colText("text");
    return text.llmLayerActivations("builtin:all-minilm-l6-v2", -1, o -> o.tokenMode(MEAN).maxLength(128));
  }
}
