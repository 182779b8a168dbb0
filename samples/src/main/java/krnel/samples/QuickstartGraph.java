package krnel.samples;

import static krnel.samples.ImmutableKeywordCountOp.keywordCount;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import krnel.ops.ClassifierEvaluationOp;
import krnel.ops.ImmutableLoadInlineJsonDatasetOp;
import krnel.ops.LLMLayerActivationsOp.TokenMode;
import krnel.ops.TrainClassifierOp.Preprocessing;
import krnel.runner.Runner;
import krnel.types.BooleanColumn;
import krnel.types.Classifier;
import krnel.types.Dataset;
import krnel.types.ScoreColumn;
import krnel.types.TextColumn;
import krnel.types.VectorColumn;

/**
 * The quickstart graph of krnel-graph's README in Java: a dataset, its text and label columns,
 * model activations from the embedded MiniLM, a probe, the same steps on a test set by
 * substitution, predictions and their evaluation; plus a custom op (a keyword count) used fluently
 * beside the built-in ones. The mail corpus of the full quickstart comes later; a few inline mails
 * stand in for it.
 */
public final class QuickstartGraph {
  private QuickstartGraph() {}

  /** The graph's final op: the evaluation of a probe trained on {@code train}, tested on {@code test}. */
  public static ClassifierEvaluationOp build(Dataset train, Dataset test) {
    TextColumn text = train.colText("text");
    BooleanColumn spam = train.colCategorical("label").isIn("spam");
    VectorColumn x = text.llmLayerActivations("builtin:all-minilm-l6-v2", -1, o -> o.tokenMode(TokenMode.MEAN).batchSize(32));
    Classifier probe = x.trainClassifier("logistic_regression", spam, o -> o.preprocessing(Preprocessing.STANDARDIZE));
    ScoreColumn scores = probe.predict(x.subs(train, test));
    return scores.evaluate(spam.subs(train, test));
  }

  /** A small inline dataset standing in for the mail corpus. */
  public static Dataset inlineDataset(List<String> texts, List<String> labels) {
    return ImmutableLoadInlineJsonDatasetOp.builder().data(Map.of("text", texts, "label", labels)).build();
  }

  /**
   * Builds the quickstart graph, prints it, runs it on the configured store ({@code KRNEL_STORE_URI},
   * or a temp dir) and prints the evaluation report, with the custom op beside it. Run it twice:
   * the second run reads every result from the store.
   */
  public static void main(String[] args) {
    Runner runner = Runner.local();
    Dataset train = runner.fromInlineDataset(Map.of(
        "text", List.of("Win a free cruise now", "Lunch at noon?", "Claim your prize, winner", "Minutes of the meeting",
            "Cheap pills, limited offer", "Can you review my draft?"),
        "label", List.of("spam", "ham", "spam", "ham", "spam", "ham")));
    Dataset test = runner.fromInlineDataset(Map.of(
        "text", List.of("Free money inside, act now", "Agenda for Monday's meeting", "You are a winner!", "Notes from lunch"),
        "label", List.of("spam", "ham", "spam", "ham")));

    ClassifierEvaluationOp report = build(train, test);
    System.out.println(report.toCode());

    ScoreColumn keywords = train.colText("text").then(keywordCount(List.of("free", "winner", "prize")));
    boolean stored = runner.hasResult(report);
    long start = System.nanoTime();
    System.out.println("store: " + runner.store().uri());
    System.out.println("keyword counts (custom op): " + Arrays.toString(keywords.toDoubleArray()));
    System.out.println("evaluation report: " + report.toJson().toPrettyString());
    System.out.printf("%s in %.2f s%n", stored ? "read from the store" : "computed", (System.nanoTime() - start) / 1e9);
  }
}
