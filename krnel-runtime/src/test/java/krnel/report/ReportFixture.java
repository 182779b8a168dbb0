package krnel.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import krnel.graph.Graph;
import krnel.graph.OpSpec;
import krnel.ops.ClassifierEvaluationOp;
import krnel.ops.LoadInlineJsonDatasetOp;
import krnel.ops.UMAPVizOp;
import krnel.runner.Runner;
import krnel.types.BooleanColumn;
import krnel.types.Classifier;
import krnel.types.VectorColumn;

/**
 * A small graph for the report's tests: 120 labelled "mails" of {@value #GROUPS} kinds in two overlapping blobs, two
 * probes evaluated on a train and a test split, and a UMAP of the vectors; everything computed, then the report
 * written.
 */
final class ReportFixture {
  static final int ROWS = 120;
  static final int GROUPS = 4;

  /** What the page must show, counted from the graph rather than from the page. */
  record Written(Path html, Map<String, OpSpec> named, int ops, int evaluations, int splitsPerEvaluation) {}

  static Written write(Path dir) {
    Random random = new Random(5);
    List<List<Double>> x = new ArrayList<>();
    List<String> label = new ArrayList<>();
    List<String> text = new ArrayList<>();
    List<String> split = new ArrayList<>();
    List<String> kind = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      boolean spam = i % 2 == 0;
      List<Double> v = new ArrayList<>();
      for (int d = 0; d < 4; d++) {
        v.add(random.nextGaussian() + (spam ? 1.2 : 0));
      }
      x.add(v);
      label.add(spam ? "spam" : "ham");
      text.add((spam ? "Buy <cheap> pills now & save, mail " : "Meeting notes, mail ") + i);
      split.add(i < 80 ? "train" : "test");
      kind.add((spam ? "spam-" : "ham-") + (i % 4 < 2 ? "a" : "b"));
    }
    Map<String, List<?>> data = new LinkedHashMap<>();
    data.put("x", x);
    data.put("label", label);
    data.put("text", text);
    data.put("split", split);
    data.put("kind", kind);
    try (Runner runner = Runner.open(dir.resolve("store").toString())) {
      LoadInlineJsonDatasetOp mails = runner.fromInlineDataset(data);
      VectorColumn vectors = mails.colVector("x");
      BooleanColumn spam = mails.colCategorical("label").isIn("spam");
      BooleanColumn train = mails.colCategorical("split").isIn("train");
      Map<String, OpSpec> named = new LinkedHashMap<>();
      named.put("mails", mails);
      named.put("text", mails.colText("text"));
      named.put("kind", mails.colCategorical("kind")); // the report's guessed group column
      for (String model : List.of("logistic_regression", "naive_bayes")) {
        Classifier probe = vectors.trainClassifier(model, spam, o -> o.trainDomain(train));
        ClassifierEvaluationOp evaluation = probe.predict(vectors).evaluate(spam, o -> o.split(mails.colCategorical("split")));
        named.put(model + " probe", probe);
        named.put(model + " evaluation", evaluation);
      }
      UMAPVizOp umap = vectors.umapVis(o -> o.nNeighbors(10));
      named.put("umap", umap);
      runner.materialize(List.copyOf(named.values()));
      Path html = dir.resolve("report.html");
      Report.write(html, runner, named);
      return new Written(html, named, Graph.allOps(List.copyOf(named.values())).size(), 2, 2);
    }
  }
}
