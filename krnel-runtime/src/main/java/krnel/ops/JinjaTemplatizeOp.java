package krnel.ops;

import java.util.Map;
import java.util.TreeSet;
import krnel.annotations.Check;
import krnel.annotations.Nullable;
import krnel.annotations.Op;
import krnel.graph.OpValidationException;
import krnel.types.PromptColumn;
import krnel.types.TextColumn;

/**
 * A Jinja template rendered once per row: {@code context} columns give per-row variables,
 * {@code constants} the same value on every row. Build it with {@code dataset.template(...)}.
 */
@Op(fluent = Op.NONE)
public interface JinjaTemplatizeOp extends TextColumn {
  String template();

  Map<String, PromptColumn> context();

  default Map<String, Object> constants() {
    return Map.of();
  }

  /** Truncates each rendered row to this many characters. */
  @Nullable
  Integer maxLength();

  /** A variable is either a column or a constant, never both. */
  @Check
  default void checkVariableNames() {
    TreeSet<String> both = new TreeSet<>(context().keySet());
    both.retainAll(constants().keySet());
    if (!both.isEmpty()) {
      throw new OpValidationException("JinjaTemplatizeOp: Key collision detected between context and constants: "
          + both.stream().map(k -> "'" + k + "'").collect(java.util.stream.Collectors.joining(", ", "[", "]"))
          + ". Each template variable must be either a column (in context) or a constant, not both.");
    }
  }
}
