package krnel.types;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import krnel.annotations.ColumnType;
import krnel.graph.OpSpec;
import krnel.ops.AssignTrainTestSplitOp;
import krnel.ops.ImmutableAssignTrainTestSplitOp;
import krnel.ops.ImmutableJinjaTemplatizeOp;
import krnel.ops.JinjaTemplatizeOp;
import krnel.ops.TakeRowsOp;
import krnel.runner.Runner;
import org.apache.arrow.vector.VectorSchemaRoot;

/** A table of rows: the source of every column. Columns are selected with {@code colText("name")} and friends. */
@ColumnType
public interface Dataset extends OpSpec, DatasetFluent {
  /**
   * The seed of {@link #assignTrainTestSplit()}, as in krnel-graph's fluent method (the op's own
   * default seed is 19190115).
   */
  int FLUENT_SPLIT_SEED = 42;

  /** A train/test split of the rows, a quarter in test, seeded with {@link #FLUENT_SPLIT_SEED}. */
  default AssignTrainTestSplitOp assignTrainTestSplit() {
    return assignTrainTestSplit(options -> {});
  }

  /** A train/test split of the rows; {@code options} may set the test or train size and the seed. */
  default AssignTrainTestSplitOp assignTrainTestSplit(Consumer<ImmutableAssignTrainTestSplitOp.Builder> options) {
    ImmutableAssignTrainTestSplitOp.Builder builder =
        ImmutableAssignTrainTestSplitOp.builder().dataset(this).randomState(FLUENT_SPLIT_SEED);
    options.accept(builder);
    return builder.build();
  }

  /** The first {@code numRows} rows. */
  default TakeRowsOp take(int numRows) {
    return take(options -> options.numRows(numRows));
  }

  /**
   * A text column rendered from a Jinja template, one row per row of the prompt columns among
   * {@code variables}; other variables are constants. The template is stripped of surrounding
   * whitespace, as krnel-graph does by default.
   */
  default JinjaTemplatizeOp template(String template, Map<String, ?> variables) {
    return template(template, variables, options -> {});
  }

  /** {@link #template(String, Map)} with options (e.g. {@code maxLength}). */
  default JinjaTemplatizeOp template(
      String template, Map<String, ?> variables, Consumer<ImmutableJinjaTemplatizeOp.Builder> options) {
    Map<String, PromptColumn> context = new LinkedHashMap<>();
    Map<String, Object> constants = new LinkedHashMap<>();
    variables.forEach((name, value) -> {
      if (value instanceof PromptColumn) {
        context.put(name, (PromptColumn) value);
      } else {
        constants.put(name, value);
      }
    });
    ImmutableJinjaTemplatizeOp.Builder builder = ImmutableJinjaTemplatizeOp.builder()
        .template(template.strip())
        .context(context)
        .constants(constants);
    options.accept(builder);
    return builder.build();
  }

  /** The rows, computed by the runner this dataset was built from; the caller closes the table. */
  default VectorSchemaRoot toArrow() {
    return Runner.of(this).toArrow(this);
  }
}
