package krnel.cli;

import static krnel.cli.CliRun.krnel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import krnel.store.ParquetResults;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code krnel run} naming what it computed, {@code krnel show}, {@code krnel report} and {@code krnel export-table}
 * on the README's example graph, and every {@code bin/krnel} command of docs/results.md as written there.
 */
class ResultsCliTest {
  static final String EXAMPLE = "krnel-cli/examples/Experiment.java";

  @TempDir Path dir;

  private CliRun krnelOn(String store, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--store", store, "-f", EXAMPLE));
    CliRun run = krnel(all.toArray(String[]::new));
    CliRun.assertNoStackTrace(run);
    return run;
  }

  @Test
  void showReportAndExportTheExample() throws Exception {
    String store = dir.resolve("store").toString();
    CliRun run = krnelOn(store, "run");
    assertEquals(0, run.code(), run.out() + run.err());
    assertTrue(run.out().contains("Computed:") && run.out().contains("\n  report ") && run.out().contains("\n  probe ")
        && java.util.regex.Pattern.compile("\n  report\\.score +ClassifierPredictOp_").matcher(run.out()).find(),
        "computed ops by their variable names: " + run.out());
    assertTrue(run.out().contains("\nreport  (ClassifierEvaluationOp_") && run.out().contains("AUROC"),
        "the evaluation's table: " + run.out());

    CliRun show = krnelOn(store, "show", "-s", "report");
    assertEquals(0, show.code(), show.err());
    assertTrue(show.out().matches("(?s)report  \\(ClassifierEvaluationOp_[0-9a-f]{64}\\)\nsplit +rows +positives +AUROC +AP"
        + " +best acc .*\nall +4 +2 +[01]\\.\\d{4} .*"), show.out());

    CliRun probe = krnelOn(store, "show", "-s", "probe");
    assertTrue(probe.out().contains("kind: logistic_regression (linear, scores are ")
        && probe.out().contains("features: 384; preprocessing: none") && probe.out().contains("largest weights (of 384)"),
        probe.out());
    assertEquals(ResultView.TOP_WEIGHTS, probe.out().lines().filter(l -> l.matches("  \\d+ +-?\\d\\.\\d{4}")).count(), probe.out());

    CliRun text = krnelOn(store, "show", "-s", "text", "--rows", "2");
    assertTrue(text.out().contains("  6 rows; schema:\n") && text.out().contains(": Utf8")
        && text.out().contains("Win a free cruise now"), text.out());

    CliRun json = krnelOn(store, "show", "--json", "-s", "report");
    JsonNode line = new ObjectMapper().readTree(json.out().lines().findFirst().orElseThrow());
    assertEquals("report", line.get("name").asText());
    assertTrue(line.path("result").path("all").path("roc_auc").isNumber(), json.out());
    JsonNode table = new ObjectMapper().readTree(krnelOn(store, "show", "--json", "-s", "activations").out());
    assertEquals(6, table.path("result").path("rows").asInt(), table.toString());

    Path html = dir.resolve("report.html");
    CliRun report = krnelOn(store, "report", "-o", html.toString());
    assertEquals(0, report.code(), report.err());
    String page = Files.readString(html);
    assertTrue(page.contains(">report</h2>") && page.contains("<title>probe (TrainClassifierOp, completed)</title>"), "names");

    Path parquet = dir.resolve("mails.parquet");
    CliRun export = krnelOn(store, "export-table", "-s", "text", "-s", "spam", "-s", "activations", "-o", parquet.toString());
    assertEquals(0, export.code(), export.err());
    try (RootAllocator allocator = new RootAllocator(); VectorSchemaRoot rows = ParquetResults.read(parquet, allocator)) {
      assertEquals(List.of("text", "spam", "activations"), rows.getSchema().getFields().stream().map(f -> f.getName()).toList());
      assertEquals(6, rows.getRowCount());
      assertEquals(384, assertInstanceOf(ArrowType.FixedSizeList.class, rows.getSchema().getFields().get(2).getType()).getListSize());
      assertEquals(true, rows.getVector("spam").getObject(0));
    }

    CliRun bad = krnelOn(store, "export-table", "-s", "text", "-s", "report", "-o", dir.resolve("bad.csv").toString());
    assertEquals(1, bad.code());
    assertTrue(bad.err().startsWith("error: export column 'report': ClassifierEvaluationOp") && bad.err().contains("hint: "),
        bad.err());
    assertTrue(!Files.exists(dir.resolve("bad.csv")));
  }

  /** {@code krnel report --groups}: confusion counts per group, hand-counted from examples/Groups.java at 0.5. */
  @Test
  void reportBreaksAnEvaluationDownByGroup() throws Exception {
    String store = dir.resolve("store").toString();
    String groups = "krnel-cli/examples/Groups.java";
    CliRun run = krnel("run", "-f", groups, "--store", store);
    assertEquals(0, run.code(), run.out() + run.err());
    for (List<String> options : List.of(List.of("--groups", "group"), List.<String>of())) { // chosen, then guessed
      Path html = dir.resolve("groups.html");
      List<String> args = new ArrayList<>(List.of("report", "-f", groups, "--store", store, "-o", html.toString()));
      args.addAll(options);
      CliRun report = krnel(args.toArray(String[]::new));
      assertEquals(0, report.code(), report.err());
      String page = Files.readString(html);
      assertTrue(page.contains("<caption>all by group, threshold 0.5000</caption>"), options + ": " + page);
      for (String row : List.of("easy-ham</th><td>2</td><td class=\"tn\">2</td><td class=\"fp\">0</td>",
          "hard-ham</th><td>2</td><td class=\"tn\">1</td><td class=\"fp\">1</td>",
          "spam</th><td>4</td><td class=\"tn\">0</td><td class=\"fp\">0</td><td class=\"fn\">1</td><td class=\"tp\">3</td>")) {
        assertTrue(page.contains("<tr><th>" + row), options + ": " + row);
      }
    }
    Path none = dir.resolve("none.html");
    assertEquals(0, krnel("report", "-f", groups, "--store", store, "--no-groups", "-o", none.toString()).code());
    assertTrue(!Files.readString(none).contains("<table class=\"confusion-groups\""));

    CliRun bad = krnel("report", "-f", groups, "--store", store, "--groups", "filter", "-o", dir.resolve("bad.html").toString());
    CliRun.assertNoStackTrace(bad);
    assertEquals(1, bad.code());
    assertTrue(bad.err().startsWith("error: --groups filter: ClassifierEvaluationOp is not a categorical column")
        && bad.err().contains("hint: "), bad.err());
    assertTrue(!Files.exists(dir.resolve("bad.html")));
  }

  @Test
  void everyCommandOfTheResultsGuideRuns() throws Exception {
    List<String> commands = new ArrayList<>();
    boolean inCode = false;
    for (String line : Files.readAllLines(Path.of("docs/results.md"))) {
      if (line.startsWith("```")) {
        inCode = !inCode;
      } else if (inCode && line.startsWith(ReadmeCliTest.PROMPT)) {
        commands.add(line);
      }
    }
    assertTrue(commands.size() >= 5, commands.toString());
    String store = dir.resolve("guide-store").toString();
    for (String line : commands) {
      int comment = line.indexOf(" #");
      String command = comment < 0 ? line : line.substring(0, comment);
      List<String> args = new ArrayList<>(List.of(command.substring(ReadmeCliTest.PROMPT.length()).trim().split("\\s+")));
      args.addAll(List.of("--store", store));
      CliRun run = krnel(args.toArray(String[]::new));
      assertEquals(0, run.code(), line + "\n" + run.out() + run.err());
    }
  }
}
