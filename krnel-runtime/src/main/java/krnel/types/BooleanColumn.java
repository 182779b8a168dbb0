package krnel.types;

import krnel.annotations.ColumnType;
import krnel.graph.OpSpec;
import krnel.ops.BooleanLogicOp.Operation;
import krnel.ops.BooleanLogicOp;
import krnel.ops.ImmutableBooleanLogicOp;
import krnel.runner.Runner;

/** A column of booleans: labels for probes, row masks. Python's {@code & | ^ ~} are {@code and/or/xor/not}. */
@ColumnType
public interface BooleanColumn extends OpSpec, BooleanColumnFluent {
  default BooleanLogicOp and(BooleanColumn other) {
    return logic(Operation.AND, other);
  }

  default BooleanLogicOp or(BooleanColumn other) {
    return logic(Operation.OR, other);
  }

  default BooleanLogicOp xor(BooleanColumn other) {
    return logic(Operation.XOR, other);
  }

  /** The negation; like krnel-graph, the op records this column as both operands. */
  default BooleanLogicOp not() {
    return logic(Operation.NOT, this);
  }

  private BooleanLogicOp logic(Operation operation, BooleanColumn right) {
    return ImmutableBooleanLogicOp.builder().operation(operation).left(this).right(right).build();
  }

  /** The booleans, computed by the runner this column's graph was built from. */
  default boolean[] toBooleanArray() {
    return Runner.of(this).toBooleanArray(this);
  }
}
