package krnel.impl;

import krnel.ops.PairwiseArithmeticOp;
import krnel.runner.Columns;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Result;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;

/**
 * {@code left + - * / right}, row by row, in float64 (numpy with {@code errstate(divide="ignore",
 * invalid="ignore")}: x/0 is ±inf, 0/0 NaN). Nulls count as NaN.
 */
public final class PairwiseArithmeticImplementation implements OpImplementation<PairwiseArithmeticOp> {
  @Override
  public Class<PairwiseArithmeticOp> opType() {
    return PairwiseArithmeticOp.class;
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public Result compute(PairwiseArithmeticOp op, Inputs inputs) {
    double[] left = numbers("left", Tables.column(inputs.table(op.left()), "left", op.left()));
    double[] right = numbers("right", Tables.column(inputs.table(op.right()), "right", op.right()));
    if (left.length != right.length) {
      throw new IllegalArgumentException("left, right: Score column shapes must match; got (" + left.length
          + ",) and (" + right.length + ",).");
    }
    Float8Vector out = new Float8Vector(op.uuid(), inputs.allocator());
    out.allocateNew(left.length);
    for (int i = 0; i < left.length; i++) {
      double x = left[i];
      double y = right[i];
      double value;
      switch (op.operation()) {
        case PLUS:
          value = x + y;
          break;
        case MINUS:
          value = x - y;
          break;
        case TIMES:
          value = x * y;
          break;
        default:
          value = x / y;
          break;
      }
      out.set(i, value);
    }
    out.setValueCount(left.length);
    return Tables.single(op, out);
  }

  private static double[] numbers(String field, FieldVector column) {
    if (!SelectColumnImplementation.isNumber(column.getField().getType())
        && !(column.getField().getType() instanceof org.apache.arrow.vector.types.pojo.ArrowType.Bool)) {
      throw new IllegalArgumentException(field + ": expected a numeric score column, got Arrow type "
          + SelectColumnImplementation.describe(column.getField()));
    }
    return Columns.doubles(column, field);
  }
}
