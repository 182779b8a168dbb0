package krnel.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Jupyter (jupyter-notebook, nbconvert, python3-jupyter-client; {@code .ci/run} installs them) with the
 * Krnel kernel installed by {@code bin/krnel jupyter install --prefix} into a temp directory, on the class path
 * bin/krnel builds. Jupyter's own files and the kernel's store stay in that directory, not in $HOME.
 */
final class RealJupyter {
  static final Path ROOT = Path.of(System.getProperty("krnel.repositoryRoot", "..")).toAbsolutePath().normalize();

  private final Path temp;
  private final Path prefix;

  private RealJupyter(Path temp) {
    this.temp = temp;
    this.prefix = temp.resolve("prefix");
  }

  /** Installs the kernelspec; skips the test where Jupyter is not installed. */
  static RealJupyter install(Path temp) throws Exception {
    assumeTrue(succeeds(List.of("jupyter", "nbconvert", "--version")),
        "jupyter nbconvert is not installed: skipping the notebook test (apt-get install jupyter-notebook jupyter-nbconvert)");
    RealJupyter jupyter = new RealJupyter(temp);
    // the class path bin/krnel builds (the module's classes and target/krnel.classpath, runtime jars only), given as
    // KRNEL_CLASSPATH so that bin/krnel skips its Maven build: the notebook runs on what a user's kernel has
    String classpath = JupyterCommandTest.kernelClasspathFile().resolveSibling("classes") + File.pathSeparator
        + String.join(File.pathSeparator, JupyterCommandTest.kernelClasspath());
    jupyter.run(List.of(ROOT.resolve("bin/krnel").toString(), "jupyter", "install", "--prefix", jupyter.prefix.toString()),
        Map.of("KRNEL_CLASSPATH", classpath), ROOT, 120);
    JsonNode spec = new ObjectMapper().readTree(jupyter.prefix.resolve("share/jupyter/kernels/krnel/kernel.json").toFile());
    assertTrue(spec.get("argv").toString().contains("--add-opens=java.base/java.nio=ALL-UNNAMED"), spec.toString());
    assertEquals("message", spec.get("interrupt_mode").asText()); // the stop button sends an interrupt_request
    List<String> argv = new ArrayList<>();
    spec.get("argv").forEach(arg -> argv.add(arg.asText()));
    String kernelClasspath = argv.get(argv.indexOf("-cp") + 1);
    assertEquals(classpath, kernelClasspath);
    assertEquals(List.of(), List.of(kernelClasspath.split(File.pathSeparator)).stream()
        .filter(JupyterCommandTest::isTestJar).toList(), "test jars on the kernel's class path");
    return jupyter;
  }

  /** Where Jupyter finds the kernel: {@code JUPYTER_PATH} for the commands run. */
  Map<String, String> kernelPath() {
    return Map.of("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
  }

  /** The Python that runs Jupyter (its launcher's #! line), which has jupyter_client. */
  static String python() throws IOException {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path launcher = Path.of(dir, "jupyter");
      if (Files.isRegularFile(launcher)) {
        String first = Files.readAllLines(launcher, StandardCharsets.UTF_8).get(0);
        if (first.startsWith("#!")) {
          return first.substring(2).strip().split(" ")[0];
        }
      }
    }
    return "python3";
  }

  /** Runs {@code command} to its end; returns its output (stdout and stderr); fails on a non-zero exit or a timeout. */
  String run(List<String> command, Map<String, String> env, Path dir, long timeoutSeconds) throws Exception {
    Path log = Files.createTempFile(temp, "process", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    builder.environment().put("JUPYTER_DATA_DIR", temp.resolve("jupyter-data").toString());
    builder.environment().put("JUPYTER_RUNTIME_DIR", temp.resolve("jupyter-runtime").toString());
    builder.environment().put("JUPYTER_CONFIG_DIR", temp.resolve("jupyter-config").toString());
    builder.environment().put("IPYTHONDIR", temp.resolve("ipython").toString());
    builder.environment().put("KRNEL_STORE_URI", temp.resolve("store").toString());
    Process process = builder.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new AssertionError(command.get(0) + " timed out after " + timeoutSeconds + " s:\n" + read(log));
    }
    String output = read(log);
    assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
    return output;
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  private static boolean succeeds(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
