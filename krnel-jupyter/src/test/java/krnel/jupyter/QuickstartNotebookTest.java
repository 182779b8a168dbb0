package krnel.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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
  private static final long TIMEOUT_SECONDS = 600;

  @TempDir Path temp;

  @Test
  void theQuickstartNotebookRunsAndShowsTheGraphTheReportAndThePlot() throws Exception {
    RealJupyter jupyter = RealJupyter.install(temp);
    Path executed = temp.resolve("quickstart-executed.ipynb");
    jupyter.run(List.of("jupyter", "nbconvert", "--to", "notebook", "--execute",
            "--ExecutePreprocessor.kernel_name=krnel", "--ExecutePreprocessor.timeout=" + TIMEOUT_SECONDS,
            "--output-dir", temp.toString(), "--output", executed.getFileName().toString(),
            RealJupyter.ROOT.resolve("samples/notebooks/quickstart.ipynb").toString()),
        jupyter.kernelPath(), RealJupyter.ROOT.resolve("samples/notebooks"),
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
}
