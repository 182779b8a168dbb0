package krnel.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import krnel.graph.OpSpec;
import krnel.ops.ClassifierEvaluationOp;
import krnel.report.Report;
import krnel.runner.Runner;
import krnel.types.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart graph, MiniLM included, on a small part of the committed SpamAssassin files: the
 * last 40 ham and the first 40 spam of the train mails (2,500 {@code easy-ham-1} rows, then {@code
 * spam-1}), and every 50th test mail (28 {@code easy-ham-2}, 5 {@code hard-ham-1}, 28 {@code spam-2}).
 */
class QuickstartGraphTest {
  private static final int FIRST_TRAIN_SPAM_ROW = 2500;
  private static final int PER_CLASS = 40;
  private static final int TEST_EVERY = 50;

  @TempDir Path store;

  @Test
  void probeSeparatesLaterSpamFromHamAndASecondRunComputesNothing() throws Exception {
    Map<String, ClassifierEvaluationOp> evaluations;
    try (Runner runner = Runner.open(store.toString())) {
      QuickstartGraph graph = subsetGraph(runner);
      evaluations = graph.evaluations();
      runner.materialize(List.copyOf(evaluations.values()));
      Map<String, OpSpec> reportOps = graph.reportOps();
      runner.materialize(List.copyOf(reportOps.values()));
      Path html = store.resolve("report.html");
      Report.write(html, runner, reportOps);
      String page = Files.readString(html);
      assertTrue(page.contains(">probe, hard-ham-1 vs spam-2</h2>") && page.contains(">UMAP of the test mails</h2>"), "names");
      assertTrue(page.contains("data-marks=\"61\""), "one UMAP point per test mail");
      assertTrue(page.contains(">spam-2</text>") || page.contains(">spam</text>"), "real categories in the UMAP legend");
      assertTrue(page.contains("<caption>all by test[&quot;group&quot;], threshold ") && page.contains("<tr><th>hard-ham-1</th>"),
          "the test evaluations broken down by the test mails' group, the graph's group column");

      JsonNode report = runner.toJson(evaluations.get("probe, test mails")).get("all");
      assertEquals(PER_CLASS, runner.toJson(evaluations.get("probe, train mails")).get("all").get("n_true").asInt());
      assertEquals(61, report.get("count").asInt());
      double test = report.get("roc_auc").asDouble();
      double keywords = QuickstartGraph.auroc(runner.toJson(evaluations.get("keyword count, test mails")));
      assertTrue(test > 0.9, "probe AUROC on the test mails: " + test);
      assertTrue(test > keywords, "the probe (AUROC " + test + ") should beat the keyword count (" + keywords + ")");
    }
    try (Runner again = Runner.open(store.toString())) { // a new process would see the same store
      assertEquals(List.of(), again.plan(List.copyOf(subsetGraph(again).evaluations().values())));
    }
  }

  private static QuickstartGraph subsetGraph(Runner runner) {
    Dataset train = runner.fromParquet(Path.of("data/spam_train.parquet"))
        .take(o -> o.offset(FIRST_TRAIN_SPAM_ROW - PER_CLASS).numRows(2 * PER_CLASS));
    Dataset test = runner.fromParquet(Path.of("data/spam_test.parquet")).take(o -> o.skip(TEST_EVERY));
    return QuickstartGraph.build(train, test);
  }
}
