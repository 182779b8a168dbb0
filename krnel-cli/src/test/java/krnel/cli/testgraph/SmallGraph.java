package krnel.cli.testgraph;

import java.util.List;
import java.util.Map;
import krnel.ops.ImmutableLoadInlineJsonDatasetOp;
import krnel.types.Dataset;
import krnel.types.TextColumn;

/**
 * A graph in static fields, read by {@code krnel -c krnel.cli.testgraph.SmallGraph}: a chain of
 * steps, a step that fails and one that reads it, and a dataset with an ephemeral column.
 */
public final class SmallGraph {
  public static final StepOp base = step("base", null, false);
  public static final StepOp plusOne = step("plus-one", base, false);
  public static final StepOp plusTwo = step("plus-two", plusOne, false);
  public static final StepOp broken = step("broken", base, true);
  public static final StepOp afterBroken = step("after-broken", broken, false);
  static final List<StepOp> extras = List.of(step("extra-a", null, false), step("extra-b", null, false));
  public static final Dataset mails =
      ImmutableLoadInlineJsonDatasetOp.builder().data(Map.of("text", List.of("Win now", "Lunch?"))).build();
  public static final TextColumn text = mails.colText("text");

  private SmallGraph() {}

  public static StepOp step(String label, StepOp input, boolean fail) {
    return ImmutableStepOp.builder().label(label).input(input).fail(fail).build();
  }
}
