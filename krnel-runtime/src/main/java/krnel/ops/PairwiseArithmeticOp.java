package krnel.ops;

import java.util.function.Function;
import krnel.annotations.Ephemeral;
import krnel.annotations.Name;
import krnel.annotations.Op;
import krnel.graph.InlineCode;
import krnel.graph.OpSpec;
import krnel.types.ScoreColumn;

/** {@code left + - * / right}, row by row; division by zero gives infinities or NaN. */
@Ephemeral
@Op(fluent = Op.NONE)
public interface PairwiseArithmeticOp extends ScoreColumn, InlineCode {
  /** The operation, written as {@code "+"}, {@code "-"}, {@code "*"}, {@code "/"}. */
  enum Operation {
    @Name("+") PLUS,
    @Name("-") MINUS,
    @Name("*") TIMES,
    @Name("/") DIV
  }

  Operation operation();

  ScoreColumn left();

  ScoreColumn right();

  @Override
  default String inlineCode(Function<OpSpec, String> reference) {
    return reference.apply(left()) + "." + operation().name().toLowerCase(java.util.Locale.ROOT)
        + "(" + reference.apply(right()) + ")";
  }
}
