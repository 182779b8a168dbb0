package krnel.samples;

import static krnel.ops.LLMLayerActivationsOp.TokenMode.MEAN;
import static krnel.ops.TrainClassifierOp.Preprocessing.STANDARDIZE;
import static krnel.samples.KrnelOps.keywordCount;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import krnel.graph.OpSpec;
import krnel.ops.ClassifierEvaluationOp;
import krnel.ops.ImmutableLoadInlineJsonDatasetOp;
import krnel.ops.UMAPVizOp;
import krnel.report.Report;
import krnel.runner.Runner;
import krnel.types.BooleanColumn;
import krnel.types.CategoricalColumn;
import krnel.types.Classifier;
import krnel.types.Dataset;
import krnel.types.EvaluationReport;
import krnel.types.ScoreColumn;
import krnel.types.TextColumn;
import krnel.types.VectorColumn;

/**
 * The quickstart of krnel-graph's README in Java, on the SpamAssassin mail corpus ({@code
 * samples/data}): mails and their labels, MiniLM activations, a logistic-regression probe trained
 * on the older mails, the same steps on the newer mails by substitution, predictions and their
 * evaluation. A custom op, {@link KeywordCountOp}, gives a keyword-count baseline beside the probe.
 *
 * <p>{@code max_length} 128 keeps the main job to a few minutes on two CPU cores: MiniLM reads the
 * subject and the first hundred words or so of each mail (measured in BENCHMARKS.md: 256 tokens
 * took three times as long, 512 more than ten times).
 */
public record QuickstartGraph(Dataset train, Dataset test, TextColumn text, BooleanColumn spam, VectorColumn x,
    Classifier probe, ScoreColumn score, ClassifierEvaluationOp report) {
  /** Words that spam of the corpus's time is full of, for the keyword-count baseline. */
  public static final List<String> SPAM_WORDS =
      List.of("free", "click", "money", "offer", "order", "remove", "guarantee", "$", "!!");

  /** The quickstart graph on {@code train} and {@code test}; its final op is {@link #report()}. */
  public static QuickstartGraph build(Dataset train, Dataset test) {
    TextColumn text = train.colText("text");
    BooleanColumn spam = train.colCategorical("label").isIn("spam");
    VectorColumn x = text.llmLayerActivations("builtin:all-minilm-l6-v2", -1, o -> o.tokenMode(MEAN).maxLength(128));
    Classifier probe = x.trainClassifier("logistic_regression", spam, o -> o.preprocessing(STANDARDIZE));
    ScoreColumn score = probe.predict(x.subs(train, test));
    ClassifierEvaluationOp report = score.evaluate(spam.subs(train, test));
    return new QuickstartGraph(train, test, text, spam, x, probe, score, report);
  }

  /**
   * The quickstart's evaluations, by name: the probe on the train and the test mails, the probe on
   * each kind of test ham against the test spam, and a keyword-count baseline on the test mails.
   */
  public Map<String, ClassifierEvaluationOp> evaluations() {
    ScoreColumn keywords = text.then(keywordCount(SPAM_WORDS));   // a custom op, used like the built-in ones
    BooleanColumn testSpam = spam.subs(train, test);
    CategoricalColumn testGroup = test.colCategorical("group");

    Map<String, ClassifierEvaluationOp> evaluations = new LinkedHashMap<>();
    evaluations.put("probe, train mails", probe.predict(x).evaluate(spam));
    evaluations.put("probe, test mails", report);
    for (String ham : List.of("easy-ham-2", "hard-ham-1")) { // each kind of test ham against the test spam
      evaluations.put("probe, " + ham + " vs spam-2", score.evaluate(testSpam, o -> o.gtNegatives(testGroup.isIn(ham))));
    }
    evaluations.put("keyword count, test mails", keywords.subs(train, test).evaluate(testSpam));
    return evaluations;
  }

  /** A UMAP of the test mails' activations, for the report: coloured by a label of the test mails, each point's mail in its tooltip. */
  public UMAPVizOp testUmap() {
    return x.subs(train, test).umapVis();
  }

  /** What the report shows, by the names a person reads: this graph's steps, the evaluations and the UMAP. */
  public Map<String, OpSpec> reportOps() {
    Map<String, OpSpec> ops = new LinkedHashMap<>();
    ops.put("train", train);
    ops.put("test", test);
    ops.put("text", text);
    ops.put("spam", spam);
    ops.put("x", x);
    ops.put("probe", probe);
    ops.put("score", score);
    ops.putAll(evaluations());
    ops.put("UMAP of the test mails", testUmap());
    return ops;
  }

  /** The AUROC of an evaluation of one split (the {@code all} entry of its report). */
  public static double auroc(JsonNode report) {
    return report.path("all").path("roc_auc").asDouble(Double.NaN);
  }

  /** A small inline dataset, for tests of the custom op. */
  public static Dataset inlineDataset(List<String> texts, List<String> labels) {
    return ImmutableLoadInlineJsonDatasetOp.builder().data(Map.of("text", texts, "label", labels)).build();
  }

  /**
   * Runs the quickstart on the configured store ({@code KRNEL_STORE_URI}, or a temp dir) from the
   * project's root and prints the test report and each evaluation's AUROC. Run it twice: the second
   * run computes nothing and reads every result from the store.
   */
  public static void main(String[] args) {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long start = System.nanoTime();
    Runner runner = Runner.local();
    long opened = System.nanoTime();
    long openedCpu = cpu.getCurrentThreadCpuTime();
    Dataset train = runner.fromParquet(Path.of("samples/data/spam_train.parquet"));
    Dataset test = runner.fromParquet(Path.of("samples/data/spam_test.parquet"));
    QuickstartGraph graph = build(train, test);
    EvaluationReport report = graph.report();
    System.out.println(report.toCode());

    Map<String, ClassifierEvaluationOp> evaluations = graph.evaluations();
    List<OpSpec> toCompute = runner.plan(List.copyOf(evaluations.values()));
    System.out.println("store: " + runner.store().uri() + "; ops to compute: " + toCompute.size()
        + (toCompute.isEmpty() ? " (every result is in the store)" : ""));
    runner.materialize(List.copyOf(evaluations.values()));
    System.out.println(report.toJson().toPrettyString());
    evaluations.forEach((name, evaluation) -> System.out.printf("AUROC %-28s %.4f%n", name, auroc(evaluation.toJson())));
    System.out.printf("%s in %.2f s (%.2f s of CPU on this thread), after %.2f s to start the runner%n",
        toCompute.isEmpty() ? "read from the store" : "computed", (System.nanoTime() - opened) / 1e9,
        (cpu.getCurrentThreadCpuTime() - openedCpu) / 1e9, (opened - start) / 1e9);

    Map<String, OpSpec> reportOps = graph.reportOps();
    runner.materialize(List.copyOf(reportOps.values()));
    Path html = Path.of("samples", "target", "report.html");
    Report.write(html, runner, reportOps);
    System.out.println("report: " + html.toAbsolutePath() + " (open it in a browser; it needs no network)");
  }
}
