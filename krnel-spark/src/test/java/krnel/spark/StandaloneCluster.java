package krnel.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A Spark installation and standalone cluster made of this test JVM's class path, with nothing
 * installed by hand: {@code SPARK_HOME/jars} links every third-party jar of the class path (Spark's
 * and Krnel's dependencies, as a cluster whose admin installed them), Krnel's own modules become
 * jars to ship with {@code --jars}. {@code spark-class} and {@code spark-submit} run as their scripts
 * do: {@code org.apache.spark.launcher.Main} builds the java command (class path from
 * SPARK_HOME/jars, Spark's JVM options, spark-defaults.conf), which then runs as a process of its
 * own. {@link #close} stops every process it started, and their children (the executors).
 */
final class StandaloneCluster implements AutoCloseable {
  /** JVM options for the test's short-lived Spark JVMs: less JIT and GC work than C2 and G1 on two shared cores. */
  static final String SHORT_LIVED_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

  private final Path sparkHome;
  private final Path logs;
  private final List<Process> processes = new ArrayList<>();
  private final List<Path> krnelJars = new ArrayList<>();
  private Path cliJar;

  private StandaloneCluster(Path sparkHome, Path logs) {
    this.sparkHome = sparkHome;
    this.logs = logs;
  }

  /**
   * Lays out {@code home} (jars/, conf/ with {@code defaults} as spark-defaults.conf and the test's
   * log4j2 configuration) and packs Krnel's class directories of the class path into jars.
   */
  static StandaloneCluster layOut(Path home, Map<String, String> defaults) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    Path conf = Files.createDirectories(home.resolve("conf"));
    Path shipped = Files.createDirectories(home.resolve("krnel-jars"));
    StandaloneCluster cluster = new StandaloneCluster(home, Files.createDirectories(home.resolve("logs")));
    Path repository = Path.of("").toAbsolutePath().getParent(); // surefire runs in the module's directory
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path path = Path.of(entry).toAbsolutePath();
      if (!Files.exists(path)) {
        continue;
      }
      if (path.startsWith(repository)) { // a Krnel module: target/classes (or its jar in a reactor build)
        String module = repository.relativize(path).getName(0).toString();
        if (module.equals("krnel-processor")) {
          continue; // the annotation processor: compile time only
        }
        Path jar = Files.isDirectory(path)
            ? pack(path, shipped.resolve(module + (path.endsWith("test-classes") ? "-tests" : "") + ".jar"))
            : path;
        if (module.equals("krnel-cli")) {
          cluster.cliJar = jar;
        } else {
          cluster.krnelJars.add(jar);
        }
      } else if (entry.endsWith(".jar") && !path.getFileName().toString().startsWith("slf4j-simple")) {
        // slf4j-simple (krnel-cli's) would be a second slf4j provider beside Spark's log4j one
        Path link = jars.resolve(path.getFileName());
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(link, path);
        }
      }
    }
    if (cluster.cliJar == null) {
      throw new IllegalStateException("krnel-cli is not on the test class path");
    }
    StringBuilder properties = new StringBuilder();
    defaults.forEach((key, value) -> properties.append(key).append(' ').append(value).append('\n'));
    Files.writeString(conf.resolve("spark-defaults.conf"), properties);
    try (var log4j = StandaloneCluster.class.getResourceAsStream("/spark-home-log4j2.properties")) {
      Files.copy(log4j, conf.resolve("log4j2.properties"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return cluster;
  }

  Path home() {
    return sparkHome;
  }

  /** The jars {@code --jars} ships: Krnel's modules but the CLI, and the test's own ops. */
  String krnelJars() {
    return String.join(",", krnelJars.stream().map(Path::toString).toList());
  }

  /** spark-submit's application jar: krnel-cli's, whose main class is {@code krnel.cli.Krnel}. */
  Path cliJar() {
    return cliJar;
  }

  /** Starts {@code spark-class CLASS ARGS...} (a Master, a Worker) in the background. */
  Process sparkClass(String name, List<String> classAndArgs, Path workingDirectory) throws IOException {
    return start(name, launch(classAndArgs), workingDirectory);
  }

  /** Runs {@code spark-submit ARGS...} to the end and returns its exit code. */
  int sparkSubmit(List<String> args, Path workingDirectory, long timeoutSeconds) throws IOException, InterruptedException {
    List<String> classAndArgs = new ArrayList<>();
    classAndArgs.add("org.apache.spark.deploy.SparkSubmit");
    classAndArgs.addAll(args);
    Process submit = start("spark-submit", launch(classAndArgs), workingDirectory);
    if (!submit.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException("spark-submit ran past " + timeoutSeconds + " s\n" + log("spark-submit"));
    }
    return submit.exitValue();
  }

  /** What {@code name} wrote (standard output and error). */
  String log(String name) {
    try {
      return Files.readString(logs.resolve(name + ".log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** The java command that the {@code spark-class} script would exec: what Spark's launcher prints, NUL-separated. */
  private List<String> launch(List<String> classAndArgs) throws IOException {
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx128m", "-cp", sparkHome.resolve("jars") + "/*",
        "org.apache.spark.launcher.Main"));
    command.addAll(classAndArgs);
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    environment(builder.environment());
    Process launcher = builder.start();
    byte[] out = launcher.getInputStream().readAllBytes();
    try {
      if (launcher.waitFor() != 0) {
        throw new IllegalStateException("Spark's launcher failed for " + classAndArgs);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    String printed = new String(out, StandardCharsets.UTF_8);
    // the launcher prints a blank line before the command
    return Arrays.stream(printed.split("\0")).map(String::strip).filter(arg -> !arg.isEmpty()).toList();
  }

  private Process start(String name, List<String> command, Path workingDirectory) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true)
        .redirectOutput(logs.resolve(name + ".log").toFile());
    environment(builder.environment());
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private void environment(Map<String, String> env) {
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_CONF_DIR", sparkHome.resolve("conf").toString()); // not one the machine's environment names
    env.put("SPARK_SCALA_VERSION", "2.13"); // the launcher otherwise looks for a Spark source build
    env.put("JAVA_HOME", System.getProperty("java.home")); // the test's JDK for every JVM
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_DAEMON_MEMORY", "256m");
    env.put("SPARK_DAEMON_JAVA_OPTS", SHORT_LIVED_JVM); // the Master and the Worker
    env.put("SPARK_MASTER_WEBUI_PORT", "0");
    env.put("SPARK_WORKER_WEBUI_PORT", "0");
    env.put("SPARK_WORKER_DIR", sparkHome.resolve("work").toString());
    env.put("ORT_DISABLE_TELEMETRY", "1");
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static Path pack(Path classes, Path jar) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> files = Files.walk(classes)) {
      for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
        Files.copy(path, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  /** Stops the processes, newest first (spark-submit, the Worker and its executors, the Master), and their children. */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process process = processes.get(i);
      List<ProcessHandle> children = process.descendants().toList();
      process.destroy(); // SIGTERM: a Worker's shutdown hook kills its executors
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      for (ProcessHandle child : children) {
        if (child.isAlive()) {
          child.destroyForcibly();
        }
      }
    }
    removeLinks();
  }

  /** The links of SPARK_HOME/jars, so that deleting the directory never reaches the jars they point to. */
  private void removeLinks() {
    try (Stream<Path> links = Files.list(sparkHome.resolve("jars"))) {
      for (Path link : links.toList()) {
        Files.deleteIfExists(link);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("Cannot remove the links in " + sparkHome.resolve("jars"), e);
    }
  }
}
