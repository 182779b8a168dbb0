import static krnel.ops.LLMLayerActivationsOp.TokenMode.MEAN;

import java.util.List;
import java.util.Map;
import krnel.runner.Runner;
import krnel.types.BooleanColumn;
import krnel.types.Classifier;
import krnel.types.Dataset;
import krnel.types.EvaluationReport;
import krnel.types.TextColumn;
import krnel.types.VectorColumn;

/**
 * A graph for the krnel CLI: `bin/krnel run -f krnel-cli/examples/Experiment.java`. The CLI compiles
 * this file and reads its static fields: each op is a named op (-s probe), the runner names the store.
 */
public class Experiment {
  static final Runner runner = Runner.local(); // the configured store: KRNEL_STORE_URI or `krnel config`

  static final Dataset train = runner.fromInlineDataset(Map.of(
      "text", List.of("Win a free cruise now", "Lunch at noon?", "Claim your prize, winner", "Minutes of the meeting",
          "Cheap pills, limited offer", "Can you review my draft?"),
      "label", List.of("spam", "ham", "spam", "ham", "spam", "ham")));
  static final Dataset test = runner.fromInlineDataset(Map.of(
      "text", List.of("Free money inside, act now", "Agenda for Monday's meeting", "You are a winner!", "Notes from lunch"),
      "label", List.of("spam", "ham", "spam", "ham")));

  static final TextColumn text = train.colText("text");
  static final BooleanColumn spam = train.colCategorical("label").isIn("spam");
  static final VectorColumn activations = text.llmLayerActivations("builtin:all-minilm-l6-v2", -1, o -> o.tokenMode(MEAN));
  static final Classifier probe = activations.trainClassifier("logistic_regression", spam);
  static final Classifier svm = activations.trainClassifier("linear_svc", spam);
  static final EvaluationReport report = probe.predict(activations.subs(train, test)).evaluate(spam.subs(train, test));
}
