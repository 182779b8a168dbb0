package krnel.impl;

import krnel.ops.VectorToScalarOp;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Result;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.BaseListVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Component {@code col_index} of every vector ({@code pc.list_element}), keeping the element type
 * (float32 vectors give float32 scores). A null vector gives a null score.
 */
public final class VectorToScalarImplementation implements OpImplementation<VectorToScalarOp> {
  @Override
  public Class<VectorToScalarOp> opType() {
    return VectorToScalarOp.class;
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public Result compute(VectorToScalarOp op, Inputs inputs) {
    var table = inputs.table(op.input());
    if (table.getFieldVectors().size() != 1) {
      throw new IllegalArgumentException("input: Vector input should have exactly one column; got "
          + table.getFieldVectors().size() + ".");
    }
    FieldVector column = table.getVector(0);
    int index = op.colIndex();
    if (index < 0) {
      throw new IllegalArgumentException("col_index: col_index must be non-negative; got " + index + ".");
    }
    if (!(column instanceof FixedSizeListVector || column instanceof ListVector || column instanceof LargeListVector)) {
      throw new IllegalArgumentException("input: VectorToScalarOp expects a list-like column; got "
          + SelectColumnImplementation.describe(column.getField()) + ".");
    }
    BaseListVector lists = (BaseListVector) column;
    FieldVector elements = lists.getChildrenFromFields().get(0);
    ArrowType elementType = elements.getField().getType();
    if (!SelectColumnImplementation.isNumber(elementType)) {
      throw new IllegalArgumentException("input: VectorToScalarOp expects a list of numbers; got elements of Arrow type "
          + elementType + ".");
    }
    int n = column.getValueCount();
    if (column instanceof FixedSizeListVector) {
      int size = ((FixedSizeListVector) column).getListSize();
      if (index >= size) {
        throw new IllegalArgumentException("col_index: col_index " + index + " out of bounds for vector length " + size + ".");
      }
    } else {
      int shortest = Integer.MAX_VALUE;
      for (int i = 0; i < n; i++) {
        if (!column.isNull(i)) {
          shortest = Math.min(shortest, lists.getElementEndIndex(i) - lists.getElementStartIndex(i));
        }
      }
      if (shortest != Integer.MAX_VALUE && index >= shortest) {
        throw new IllegalArgumentException("col_index: col_index " + index
            + " out of bounds for shortest vector length " + shortest + ".");
      }
    }
    Field field = Field.nullable(op.uuid(), elementType);
    FieldVector out = field.createVector(inputs.allocator());
    try {
      out.allocateNew();
      TransferPair copy = elements.makeTransferPair(out);
      for (int i = 0; i < n; i++) {
        if (column.isNull(i)) {
          ((org.apache.arrow.vector.BaseFixedWidthVector) out).setNull(i);
        } else {
          copy.copyValueSafe(lists.getElementStartIndex(i) + index, i);
        }
      }
      out.setValueCount(n);
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
    return Tables.single(op, out);
  }
}
