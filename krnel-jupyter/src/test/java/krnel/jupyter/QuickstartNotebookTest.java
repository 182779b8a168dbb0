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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample notebook, run as a researcher runs it: {@code bin/krnel jupyter install --prefix} writes
 * the kernelspec into a temp directory, and Jupyter's {@code nbconvert --execute} runs
 * samples/notebooks/quickstart.ipynb headless with the Krnel kernel (MiniLM included, on 91 mails).
 * The executed notebook must hold no error, the graph as SVG, the report's HTML with its curves, the
 * UMAP plot as a PNG, and a probe that separates spam from ham. Skipped where Jupyter is not installed
 * ({@code .ci/run} installs it from Debian's packages).
 */
class QuickstartNotebookTest {
  private static final Path ROOT = Path.of(System.getProperty("krnel.repositoryRoot", "..")).toAbsolutePath().normalize();
  private static final long TIMEOUT_SECONDS = 600;

  @TempDir Path temp;

  @Test
  void theQuickstartNotebookRunsAndShowsTheGraphTheReportAndThePlot() throws Exception {
    assumeTrue(succeeds(List.of("jupyter", "nbconvert", "--version")),
        "jupyter nbconvert is not installed: skipping the notebook test (apt-get install jupyter-notebook jupyter-nbconvert)");
    Path prefix = temp.resolve("prefix");
    // the class path bin/krnel builds (the module's classes and target/krnel.classpath, runtime jars only), given as
    // KRNEL_CLASSPATH so that bin/krnel skips its Maven build: the notebook runs on what a user's kernel has
    String classpath = JupyterCommandTest.kernelClasspathFile().resolveSibling("classes") + File.pathSeparator
        + String.join(File.pathSeparator, JupyterCommandTest.kernelClasspath());
    run(List.of(ROOT.resolve("bin/krnel").toString(), "jupyter", "install", "--prefix", prefix.toString()),
        Map.of("KRNEL_CLASSPATH", classpath), ROOT, 120);
    JsonNode spec = new ObjectMapper().readTree(prefix.resolve("share/jupyter/kernels/krnel/kernel.json").toFile());
    assertTrue(spec.get("argv").toString().contains("--add-opens=java.base/java.nio=ALL-UNNAMED"), spec.toString());
    List<String> argv = new ArrayList<>();
    spec.get("argv").forEach(arg -> argv.add(arg.asText()));
    String kernelClasspath = argv.get(argv.indexOf("-cp") + 1);
    assertEquals(classpath, kernelClasspath);
    assertEquals(List.of(), List.of(kernelClasspath.split(File.pathSeparator)).stream()
        .filter(JupyterCommandTest::isTestJar).toList(), "test jars on the kernel's class path");

    Path executed = temp.resolve("quickstart-executed.ipynb");
    run(List.of("jupyter", "nbconvert", "--to", "notebook", "--execute",
            "--ExecutePreprocessor.kernel_name=krnel", "--ExecutePreprocessor.timeout=" + TIMEOUT_SECONDS,
            "--output-dir", temp.toString(), "--output", executed.getFileName().toString(),
            ROOT.resolve("samples/notebooks/quickstart.ipynb").toString()),
        Map.of("JUPYTER_PATH", prefix.resolve("share/jupyter").toString()), ROOT.resolve("samples/notebooks"),
        TIMEOUT_SECONDS + 60);

    List<JsonNode> outputs = new ArrayList<>();
    new ObjectMapper().readTree(executed.toFile()).get("cells").forEach(cell -> cell.path("outputs").forEach(outputs::add));
    for (JsonNode output : outputs) {
      assertTrue(!output.path("output_type").asText().equals("error"), "an error cell: " + output);
    }
    String graph = data(outputs, "image/svg+xml");
    assertTrue(graph.startsWith("<svg") && graph.contains("LLMLayerActivationsOp") && graph.contains("ClassifierEvaluationOp"), graph);
    String report = htmlContaining(outputs, "krnel-report");
    assertTrue(report.contains("class=\"chart roc\"") && report.contains("class=\"chart pr\"") && report.contains("class=\"mark line\""), report);
    byte[] png = Base64.getDecoder().decode(data(outputs, "image/png").replace("\n", ""));
    assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII));
    assertTrue(htmlContaining(outputs, "krnel-status").contains(">completed<"), "the status view");
    assertTrue(outputs.stream().anyMatch(o -> o.path("output_type").asText().equals("display_data")
        && joined(o.path("data").path("text/plain")).contains("rows of TextLengthOp")), "display(rows(length, 3))");

    Matcher auroc = Pattern.compile("roc_auc: ([0-9.]+)").matcher(text(outputs, "roc_auc"));
    assertTrue(auroc.find());
    assertTrue(Double.parseDouble(auroc.group(1)) > 0.8, "the probe's AUROC on the test mails: " + auroc.group(1));
  }

  private static String data(List<JsonNode> outputs, String mimeType) {
    return outputs.stream().map(o -> o.path("data").path(mimeType)).filter(d -> !d.isMissingNode()).findFirst()
        .map(QuickstartNotebookTest::joined).orElseThrow(() -> new AssertionError("no output of type " + mimeType));
  }

  private static String htmlContaining(List<JsonNode> outputs, String part) {
    return outputs.stream().map(o -> joined(o.path("data").path("text/html"))).filter(h -> h.contains(part)).findFirst()
        .orElseThrow(() -> new AssertionError("no HTML output with " + part));
  }

  private static String text(List<JsonNode> outputs, String part) {
    return outputs.stream().map(o -> joined(o.path("data").path("text/plain"))).filter(h -> h.contains(part)).findFirst()
        .orElseThrow(() -> new AssertionError("no text output with " + part));
  }

  /** nbformat stores a multi-line output as a list of lines. */
  private static String joined(JsonNode node) {
    if (node.isArray()) {
      StringBuilder out = new StringBuilder();
      node.forEach(line -> out.append(line.asText()));
      return out.toString();
    }
    return node.asText();
  }

  private void run(List<String> command, Map<String, String> env, Path dir, long timeoutSeconds) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(temp.resolve("process.log").toFile());
    builder.environment().putAll(env);
    // Jupyter's own files and the kernel's store stay in the temp dir, not in $HOME
    builder.environment().put("JUPYTER_DATA_DIR", temp.resolve("jupyter-data").toString());
    builder.environment().put("JUPYTER_RUNTIME_DIR", temp.resolve("jupyter-runtime").toString());
    builder.environment().put("JUPYTER_CONFIG_DIR", temp.resolve("jupyter-config").toString());
    builder.environment().put("IPYTHONDIR", temp.resolve("ipython").toString());
    builder.environment().put("KRNEL_STORE_URI", temp.resolve("store").toString());
    Process process = builder.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new AssertionError(command.get(0) + " timed out after " + timeoutSeconds + " s:\n" + log());
    }
    assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + log());
  }

  private String log() throws IOException {
    return Files.readString(temp.resolve("process.log"), StandardCharsets.UTF_8);
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
