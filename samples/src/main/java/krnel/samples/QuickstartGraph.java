package krnel.samples;

import static krnel.samples.ImmutableKeywordCountOp.keywordCount;

import java.util.List;
import java.util.Map;
import krnel.graph.OpSpec;
import krnel.ops.ClassifierEvaluationOp;
import krnel.ops.ImmutableLoadInlineJsonDatasetOp;
import krnel.ops.LLMLayerActivationsOp.TokenMode;
import krnel.ops.TrainClassifierOp.Preprocessing;
import krnel.types.BooleanColumn;
import krnel.types.Classifier;
import krnel.types.Dataset;
import krnel.types.ScoreColumn;
import krnel.types.TextColumn;
import krnel.types.VectorColumn;

/**
 * The quickstart graph of krnel-graph's README in Java: a dataset, its text and label columns,
 * model activations, a probe, the same steps on a test set by substitution, predictions and their
 * evaluation; plus a custom op (a keyword count) used fluently beside the built-in ones.
 *
 * <p>Until the runner lands this builds and prints the graph (its pseudocode and uuids) without
 * running it.
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

  public static void main(String[] args) {
    Dataset train = inlineDataset(
        List.of("Win a free cruise now", "Lunch at noon?", "Claim your prize, winner", "Minutes of the meeting"),
        List.of("spam", "ham", "spam", "ham"));
    Dataset test = inlineDataset(List.of("Free money inside", "Agenda for Monday"), List.of("spam", "ham"));

    ClassifierEvaluationOp report = build(train, test);
    ScoreColumn keywords = test.colText("text").then(keywordCount(List.of("free", "winner", "prize")));

    System.out.println(report.toCode());
    System.out.println(keywords.toCode());
    for (OpSpec op : List.of(report, keywords)) {
      System.out.println(op.uuid() + "  (" + op.dependencies(true).size() + " dependencies)");
    }
  }
}
