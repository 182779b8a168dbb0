package krnel.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import java.util.Map;
import krnel.graph.OpNames;
import krnel.graph.OpSpec;
import krnel.ops.ClassifierEvaluationOp;
import krnel.ops.LoadInlineJsonDatasetOp;
import krnel.runner.Runner;
import krnel.types.CategoricalColumn;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's HTML as text: self-contained, every chart and op there, names rather than uuids. */
class ReportTest {
  @Test
  void oneSelfContainedFileWithEveryChart(@TempDir Path dir) throws Exception {
    ReportFixture.Written written = ReportFixture.write(dir);
    String html = Files.readString(written.html());
    assertFalse(Pattern.compile("<script[^>]+src=|<link |https?://(?!www\\.w3\\.org/2000/svg)").matcher(html).find(),
        "nothing is fetched");
    assertEquals(written.ops(), count(html, "<g class=\"node\""));
    assertEquals(written.ops(), count(html, "<tr data-index="));
    int evaluations = written.evaluations();
    assertEquals(evaluations + 1, count(html, "class=\"chart roc"), "one ROC per evaluation and the overlay");
    assertEquals(evaluations, count(html, "class=\"chart pr\""));
    assertEquals(evaluations * written.splitsPerEvaluation(), count(html, "class=\"chart histogram\""));
    assertEquals(evaluations * written.splitsPerEvaluation(), count(html, "<table class=\"confusion\""));
    assertEquals(evaluations * written.splitsPerEvaluation(), count(html, "<table class=\"confusion-groups\""),
        "a breakdown by the graph's one group column per evaluation and split");
    assertTrue(html.contains("data-marks=\"" + (evaluations * written.splitsPerEvaluation()) + "\" width"),
        "the overlay has one curve per evaluation and split");
    assertTrue(html.contains(">logistic_regression evaluation</h2>") && html.contains(">naive_bayes evaluation · test<"),
        "evaluations are named by their variable names");
    assertTrue(html.contains("data-marks=\"" + ReportFixture.ROWS + "\""), "one UMAP point per row");
    assertTrue(html.contains("Buy &lt;cheap&gt; pills now &amp; save, mail 0 — label = spam"), "row text and label");
    assertTrue(html.contains(">ham</text>") && html.contains("umap coloured by label"), "real categories, column name");
    assertTrue(html.length() < 400_000, "small enough to mail: " + html.length());
  }

  /** Every chart as a PNG, drawn by Java2D: for papers, with no browser. */
  @Test
  void everyChartAsPng(@TempDir Path dir) throws Exception {
    ReportFixture.Written written = ReportFixture.write(dir);
    try (Runner runner = Runner.open(dir.resolve("store").toString())) {
      List<Path> files = Report.writePng(dir.resolve("png"), runner, written.named());
      assertEquals(List.of("roc-all.png", "logistic-regression-evaluation-roc.png", "logistic-regression-evaluation-pr.png",
          "logistic-regression-evaluation-histogram-test.png", "logistic-regression-evaluation-histogram-train.png",
          "naive-bayes-evaluation-roc.png", "naive-bayes-evaluation-pr.png", "naive-bayes-evaluation-histogram-test.png",
          "naive-bayes-evaluation-histogram-train.png"), files.stream().map(f -> f.getFileName().toString()).toList());
      BufferedImage roc = ImageIO.read(files.get(0).toFile());
      assertEquals(2 * 614, roc.getWidth());
      Set<Integer> colours = new HashSet<>();
      for (int x = 0; x < roc.getWidth(); x += 2) {
        for (int y = 0; y < roc.getHeight(); y += 2) {
          colours.add(roc.getRGB(x, y) & 0xffffff);
        }
      }
      for (String colour : List.of("1f77b4", "d62728", "2ca02c", "ff7f0e")) {
        assertTrue(colours.contains(Integer.parseInt(colour, 16)), "the curve in #" + colour + " is drawn");
      }
    }
  }

  /** From Java: the runner the graph was built with, names given in code, a threshold given by the user. */
  @Test
  void writeFromOpsWithNamesGivenInCode(@TempDir Path dir) throws Exception {
    try (Runner runner = Runner.memory()) {
      LoadInlineJsonDatasetOp ds = runner.fromInlineDataset(Map.of(
          "score", List.of(0.1, 0.4, 0.35, 0.8, 0.9, 0.2), "spam", List.of(false, false, true, true, true, false)));
      ClassifierEvaluationOp evaluation = OpNames.named(
          ds.colScore("score").evaluate(ds.colBoolean("spam"), o -> o.scoreThreshold(0.5)), "keyword score");
      runner.materialize(evaluation);
      Path html = dir.resolve("from-java.html");
      Report.write(html, evaluation);
      String page = Files.readString(html);
      assertTrue(page.contains(">keyword score</h2>"), "the name given in code");
      assertTrue(page.contains("all, threshold 0.5000</caption>") && page.contains("<td class=\"tp\">2</td>")
          && page.contains("<td class=\"fn\">1</td>"), "the confusion matrix at the given threshold");
      assertTrue(page.contains("threshold 0.5000, FPR 0.0000, TPR 0.6667"), "the operating point at the given threshold");
    }
  }

  /**
   * Confusion counts per group at the operating threshold (0.5), checked against a hand count of ten rows: train has
   * easy rows 3, 9 (TN, TN), hard row 4 (FP), spam-a rows 0 (TP), 1 (FN); test has easy row 6 (TN), hard rows 5 (FP),
   * 7 (TN), spam-a row 8 (TP), spam-b row 2 (TP).
   */
  @Test
  void confusionPerGroupAtTheOperatingThreshold(@TempDir Path dir) throws Exception {
    try (Runner runner = Runner.memory()) {
      LoadInlineJsonDatasetOp mails = runner.fromInlineDataset(Map.of(
          "score", List.of(0.9, 0.2, 0.7, 0.1, 0.6, 0.8, 0.3, 0.4, 0.95, 0.05),
          "label", List.of("spam", "spam", "spam", "ham", "ham", "ham", "ham", "ham", "spam", "ham"),
          "group", List.of("spam-a", "spam-a", "spam-b", "easy", "hard", "hard", "easy", "hard", "spam-a", "easy"),
          "split", List.of("train", "train", "test", "train", "train", "test", "test", "test", "test", "train")));
      CategoricalColumn group = mails.colCategorical("group");
      ClassifierEvaluationOp evaluation = mails.colScore("score").evaluate(mails.colCategorical("label").isIn("spam"),
          o -> o.split(mails.colCategorical("split")).scoreThreshold(0.5));
      runner.materialize(evaluation);
      Map<String, OpSpec> named = new LinkedHashMap<>();
      named.put("mails", mails);
      named.put("evaluation", evaluation);
      named.put("group", group);

      Path guessed = dir.resolve("guessed.html");
      Report.write(guessed, runner, named); // the graph's one categorical column besides the label and the split
      String page = Files.readString(guessed);
      assertEquals(2, count(page, "<table class=\"confusion-groups\""), "one breakdown per split");
      assertTrue(page.contains("<caption>train by group, threshold 0.5000</caption>"), "the split, column and threshold");
      for (String row : List.of("train:easy:2:2:0:0:0:1.0000", "train:hard:1:0:1:0:0:0.0000",
          "train:spam-a:2:0:0:1:1:0.5000", "test:easy:1:1:0:0:0:1.0000", "test:hard:2:1:1:0:0:0.5000",
          "test:spam-a:1:0:0:0:1:1.0000", "test:spam-b:1:0:0:0:1:1.0000")) {
        String[] c = row.split(":");
        String html = String.format("<tr><th>%s</th><td>%s</td><td class=\"tn\">%s</td><td class=\"fp\">%s</td>"
            + "<td class=\"fn\">%s</td><td class=\"tp\">%s</td><td>%s</td></tr>", c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
        int table = page.indexOf("<caption>" + c[0] + " by group");
        assertTrue(table >= 0 && page.indexOf(html, table) > 0
            && page.indexOf(html, table) < page.indexOf("</table>", table), "in the " + c[0] + " breakdown: " + html);
      }
      assertTrue(page.contains("train, threshold 0.5000</caption>") && page.contains("<td class=\"fn\">1</td>"),
          "the split's confusion matrix stays");

      Path none = dir.resolve("none.html");
      Report.write(none, runner, named, List.of());
      assertFalse(Files.readString(none).contains("<table class=\"confusion-groups\""), "an empty choice shows no breakdown");

      Path chosen = dir.resolve("chosen.html");
      Report.write(chosen, runner, Map.of("mails", mails, "evaluation", evaluation), List.of(group));
      assertTrue(Files.readString(chosen).contains("<caption>test by mails[&quot;group&quot;], threshold 0.5000</caption>"),
          "a chosen column, not in the graph, named by its dataset's name");

      LoadInlineJsonDatasetOp other = runner.fromInlineDataset(Map.of("group", List.of("a", "b")));
      IllegalArgumentException wrongRows = assertThrows(IllegalArgumentException.class,
          () -> Report.write(dir.resolve("bad.html"), runner, named, List.of(other.colCategorical("group"))));
      assertTrue(wrongRows.getMessage().startsWith("report group column ") && wrongRows.getMessage().contains(
          "is a column of no stored evaluation's dataset"), wrongRows.getMessage());
      assertFalse(Files.exists(dir.resolve("bad.html")));
    }
  }

  private static int count(String text, String part) {
    Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
