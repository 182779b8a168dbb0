package krnel.impl;

import krnel.ops.BooleanLogicOp;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Result;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

/**
 * {@code and}, {@code or}, {@code xor} of two boolean columns, or {@code not} of {@code left},
 * row by row. A null on either side gives null ({@code pc.and_}, not the Kleene variants).
 */
public final class BooleanLogicImplementation implements OpImplementation<BooleanLogicOp> {
  @Override
  public Class<BooleanLogicOp> opType() {
    return BooleanLogicOp.class;
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public Result compute(BooleanLogicOp op, Inputs inputs) {
    FieldVector left = Tables.column(inputs.table(op.left()), "left", op.left());
    FieldVector right = op.operation() == BooleanLogicOp.Operation.NOT
        ? left
        : Tables.column(inputs.table(op.right()), "right", op.right());
    if (left.getValueCount() != right.getValueCount()) {
      throw new IllegalArgumentException("left, right: Both columns must have the same length. (left has "
          + left.getValueCount() + " rows, right " + right.getValueCount() + ")");
    }
    int n = left.getValueCount();
    if (n > 0) {
      check("left", left);
      check("right", right);
    }
    BitVector out = new BitVector(op.uuid(), inputs.allocator());
    out.allocateNew(n);
    if (n > 0) {
      BitVector a = (BitVector) left;
      BitVector b = (BitVector) right;
      for (int i = 0; i < n; i++) {
        if (a.isNull(i) || b.isNull(i)) {
          out.setNull(i);
          continue;
        }
        boolean x = a.get(i) != 0;
        boolean y = b.get(i) != 0;
        boolean value;
        switch (op.operation()) {
          case AND:
            value = x && y;
            break;
          case OR:
            value = x || y;
            break;
          case XOR:
            value = x ^ y;
            break;
          default:
            value = !x;
            break;
        }
        out.set(i, value ? 1 : 0);
      }
    }
    out.setValueCount(n);
    return Tables.single(op, out);
  }

  private static void check(String field, FieldVector column) {
    if (!(column instanceof BitVector)) {
      throw new IllegalArgumentException(field + ": Both columns must be boolean. (" + field + " has Arrow type "
          + SelectColumnImplementation.describe(column.getField()) + ")");
    }
  }
}
