import java.util.List;
import java.util.Map;
import krnel.runner.Runner;
import krnel.types.CategoricalColumn;
import krnel.types.Dataset;
import krnel.types.EvaluationReport;

/**
 * A graph for `krnel report --groups`: mails of three groups with the scores of a spam filter, and the filter's
 * evaluation. The report breaks the evaluation's confusion counts down by `group`: which kind of mail is misread.
 */
public class Groups {
  static final Runner runner = Runner.local(); // the configured store: KRNEL_STORE_URI or `krnel config`

  static final Dataset mails = runner.fromInlineDataset(Map.of(
      "text", List.of("Win a free cruise now", "Lunch at noon?", "Claim your prize, winner", "Free pizza in room 2",
          "Cheap pills, limited offer", "Can you review my draft?", "Your invoice is attached", "Minutes of the meeting"),
      "label", List.of("spam", "ham", "spam", "ham", "spam", "ham", "spam", "ham"),
      "group", List.of("spam", "easy-ham", "spam", "hard-ham", "spam", "easy-ham", "spam", "hard-ham"),
      "score", List.of(0.92, 0.10, 0.81, 0.74, 0.88, 0.22, 0.35, 0.41)));

  static final CategoricalColumn group = mails.colCategorical("group");
  static final EvaluationReport filter = mails.colScore("score").evaluate(mails.colCategorical("label").isIn("spam"),
      o -> o.scoreThreshold(0.5));
}
