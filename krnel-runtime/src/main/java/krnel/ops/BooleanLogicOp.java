package krnel.ops;

import java.util.Locale;
import java.util.function.Function;
import krnel.annotations.Ephemeral;
import krnel.annotations.Op;
import krnel.graph.InlineCode;
import krnel.graph.OpSpec;
import krnel.types.BooleanColumn;

/** {@code left and/or/xor right}, or {@code not left}, row by row. */
@Ephemeral
@Op(fluent = Op.NONE)
public interface BooleanLogicOp extends BooleanColumn, InlineCode {
  /** The operation, written as {@code "and"}, {@code "or"}, {@code "xor"}, {@code "not"}. */
  enum Operation { AND, OR, XOR, NOT }

  Operation operation();

  BooleanColumn left();

  /** The second operand; for {@code NOT}, the same column as {@code left} (as in krnel-graph). */
  BooleanColumn right();

  @Override
  default String inlineCode(Function<OpSpec, String> reference) {
    String method = operation().name().toLowerCase(Locale.ROOT);
    String left = reference.apply(left());
    return operation() == Operation.NOT ? left + ".not()" : left + "." + method + "(" + reference.apply(right()) + ")";
  }
}
