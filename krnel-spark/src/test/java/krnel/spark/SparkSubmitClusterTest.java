package krnel.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import krnel.cli.Krnel;
import krnel.graph.GraphJson;
import krnel.graph.OpSpec;
import krnel.runner.Runner;
import krnel.samples.QuickstartGraph;
import krnel.types.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart graph (a CI-sized subset) submitted to a standalone Spark cluster with the
 * commands of docs/spark.md ("A standalone cluster on one machine"): a Master and a Worker as
 * processes, two executor JVMs, {@code spark-submit} of krnel's CLI with Krnel's jars. The store it
 * leaves holds the local runner's bytes.
 */
class SparkSubmitClusterTest {
  static final String SECTION = "### A standalone cluster on one machine";
  static final String SPARK_CLASS = "$SPARK_HOME/bin/spark-class ";
  static final String SPARK_SUBMIT = "$SPARK_HOME/bin/spark-submit ";

  @TempDir Path dir;

  @Test
  void theDocumentedSparkSubmitStoresTheLocalRunnersBytes() throws Exception {
    Path graph = writeGraph(dir.resolve("graph.json"));
    Path local = dir.resolve("local-store");
    Path clustered = dir.resolve("cluster-store");
    krnel("run", "--store", local.toString(), "-g", graph.toString());

    int port = freePort();
    try (StandaloneCluster cluster = StandaloneCluster.layOut(dir.resolve("spark-home"), Map.of(
        "spark.driver.host", "127.0.0.1",
        "spark.driver.memory", "512m",
        "spark.ui.enabled", "false",
        // short-lived JVMs with little Java work (ONNX Runtime and the tokenizer are native): C1 and the serial GC
        "spark.driver.extraJavaOptions", StandaloneCluster.SHORT_LIVED_JVM,
        "spark.executor.extraJavaOptions", StandaloneCluster.SHORT_LIVED_JVM,
        // the first job waits for both executors, so that both compute slices
        "spark.scheduler.minRegisteredResourcesRatio", "1.0",
        "spark.scheduler.maxRegisteredResourcesWaitingTime", "60s"))) {
      List<List<String>> commands = documentedCommands(port, cluster, clustered);
      assertEquals(3, commands.size(), "a Master, a Worker and spark-submit: " + commands);
      cluster.sparkClass("master", commands.get(0), dir);
      awaitPort(port, cluster);
      cluster.sparkClass("worker", commands.get(1), dir);
      int exit = cluster.sparkSubmit(commands.get(2), dir, 240);
      String driverLog = cluster.log("spark-submit");
      assertEquals(0, exit, driverLog);
      assertTrue(driverLog.contains("0 failed"), driverLog);

      assertTrue(StoreComparison.assertSameResults(local, clustered) >= 8, driverLog);
      try (Runner again = Runner.open(clustered.toString())) {
        assertEquals(List.of(), again.plan(GraphJson.read(Files.readString(graph))), "a local runner computes nothing");
      }
      List<String> executorLogs = executorLogs(cluster.home().resolve("work"));
      assertEquals(2, executorLogs.size(), "two executor JVMs");
      for (String log : executorLogs) {
        assertTrue(log.contains("Finished task"), "each executor computed slices:\n" + log);
      }
      assertTrue(executorLogs.stream().anyMatch(log -> log.contains("fails on purpose")) || driverLog.contains("fails on purpose"),
          "the flaky slice failed once and was retried");
      for (String log : concat(driverLog, executorLogs)) {
        assertFalse(log.contains("Failed to detect GPU count"), "DJL's CUDA warning is quiet:\n" + log);
      }
    }
  }

  /** The quickstart subset of SparkEngineTest, and a slice that fails once, with the data files by absolute path. */
  private static Path writeGraph(Path file) throws IOException {
    try (Runner runner = Runner.memory()) {
      Dataset train = runner.fromParquet(Path.of("../samples/data/spam_train.parquet").toAbsolutePath())
          .take(o -> o.offset(2490).numRows(20));
      Dataset test = runner.fromParquet(Path.of("../samples/data/spam_test.parquet").toAbsolutePath()).take(o -> o.skip(250));
      List<OpSpec> ops = new ArrayList<>(QuickstartGraph.build(train, test).evaluations().values());
      ops.add(ImmutableFlakyLengthOp.builder().text(test.colText("text")).failingAttempts(1).build());
      return Files.writeString(file, GraphJson.write(ops));
    }
  }

  /**
   * The section's spark-class and spark-submit commands, in order, as argument lists (after the
   * script's name), with this test's master port, jars and store.
   */
  static List<List<String>> documentedCommands(int port, StandaloneCluster cluster, Path store) throws IOException {
    List<List<String>> commands = new ArrayList<>();
    for (String command : sectionCommands()) {
      boolean submit = command.startsWith(SPARK_SUBMIT);
      List<String> args = new ArrayList<>();
      for (String word : command.substring((submit ? SPARK_SUBMIT : SPARK_CLASS).length()).trim().split("\\s+")) {
        String arg = word.replace("7077", Integer.toString(port))
            .replace("$KRNEL_JARS", cluster.krnelJars())
            .replace("$KRNEL_CLI_JAR", cluster.cliJar().toString());
        if (!arg.equals("&")) {
          args.add(arg);
        }
      }
      int storeAt = args.indexOf("--store");
      if (storeAt >= 0) {
        args.set(storeAt + 1, store.toString());
      }
      commands.add(args);
    }
    return commands;
  }

  /** The commands of the section's code blocks that start with spark-class or spark-submit, continuation lines joined. */
  static List<String> sectionCommands() throws IOException {
    List<String> doc = Files.readAllLines(Path.of("../docs/spark.md"));
    int start = doc.indexOf(SECTION);
    assertTrue(start >= 0, "docs/spark.md has no '" + SECTION + "' section");
    List<String> commands = new ArrayList<>();
    boolean inCode = false;
    StringBuilder command = null;
    for (String line : doc.subList(start + 1, doc.size())) {
      if (line.startsWith("#")) {
        break;
      }
      if (line.startsWith("```")) {
        inCode = !inCode;
        continue;
      }
      if (!inCode) {
        continue;
      }
      if (command == null && (line.startsWith(SPARK_CLASS) || line.startsWith(SPARK_SUBMIT))) {
        command = new StringBuilder();
      }
      if (command != null) {
        boolean continues = line.endsWith("\\");
        command.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
        if (!continues) {
          commands.add(command.toString().trim());
          command = null;
        }
      }
    }
    return commands;
  }

  private static List<String> executorLogs(Path work) throws IOException {
    try (Stream<Path> files = Files.walk(work)) {
      List<String> logs = new ArrayList<>();
      for (Path stderr : files.filter(p -> p.getFileName().toString().equals("stderr")).sorted().toList()) {
        logs.add(Files.readString(stderr));
      }
      return logs;
    }
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>(rest);
    all.add(first);
    return all;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The Master accepts connections (spark-submit's first registration attempt would otherwise wait 20 s to retry). */
  private static void awaitPort(int port, StandaloneCluster cluster) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("the Master did not listen on " + port + " within 60 s\n" + cluster.log("master"));
  }

  private static void krnel(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(0, Krnel.run(new PrintWriter(out), new PrintWriter(err), args), out + "\n" + err);
  }
}
