package krnel.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import krnel.annotations.Ephemeral;
import krnel.annotations.Nullable;
import krnel.annotations.Op;
import krnel.graph.InlineCode;
import krnel.graph.OpSpec;
import krnel.types.BooleanColumn;
import krnel.types.LabelColumn;

/**
 * True where a label is one of {@code trueValues}, or where it is none of {@code falseValues}.
 * Build it with {@code isIn}/{@code notIn}, which store the values sorted and without repeats, as
 * krnel-graph does, so that equal sets hash equally.
 */
@Ephemeral
@Op(fluent = Op.NONE)
public interface CategoryToBooleanOp extends BooleanColumn, InlineCode {
  LabelColumn inputCategory();

  @Nullable
  List<String> trueValues();

  @Nullable
  List<String> falseValues();

  /** {@code values} sorted by code point, without repeats: Python's {@code sorted(set(values))}. */
  static List<String> sortedSet(Collection<String> values) {
    TreeSet<String> set = new TreeSet<>((a, b) -> Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray()));
    set.addAll(values);
    return new ArrayList<>(set);
  }

  @Override
  default String inlineCode(Function<OpSpec, String> reference) {
    String input = reference.apply(inputCategory());
    if (trueValues() != null && falseValues() != null) {
      return input + ".isIn(" + listOf(trueValues()) + ", " + listOf(falseValues()) + ")";
    }
    return trueValues() != null ? input + ".isIn(" + quoted(trueValues()) + ")" : input + ".notIn(" + quoted(falseValues()) + ")";
  }

  private static String quoted(List<String> values) {
    return values.stream().map(v -> '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"').collect(Collectors.joining(", "));
  }

  private static String listOf(List<String> values) {
    return "List.of(" + quoted(values) + ")";
  }
}
