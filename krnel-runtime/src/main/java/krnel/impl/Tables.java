package krnel.impl;

import java.util.ArrayList;
import java.util.List;
import krnel.graph.OpSpec;
import krnel.runner.Result;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.util.TransferPair;

/** Row selection and column results shared by the dataset implementations. */
final class Tables {
  private Tables() {}

  /** The only column of an input column op's result; {@code field} names the op's input field in errors. */
  static FieldVector column(VectorSchemaRoot table, String field, OpSpec input) {
    if (table.getFieldVectors().size() != 1) {
      throw new IllegalArgumentException(field + ": expected a single column from " + input.wireName() + " "
          + input.uuid() + ", got " + table.getFieldVectors().size() + " columns " + names(table));
    }
    return table.getVector(0);
  }

  /** The column names of {@code table}, for messages. */
  static List<String> names(VectorSchemaRoot table) {
    List<String> names = new ArrayList<>();
    for (Field field : table.getSchema().getFields()) {
      names.add(field.getName());
    }
    return names;
  }

  /** A result of one column named by the op's uuid, as the reference writes array results. */
  static Result single(OpSpec op, FieldVector vector) {
    if (!vector.getName().equals(op.uuid())) {
      throw new IllegalStateException("column " + vector.getName() + " should be named " + op.uuid());
    }
    return Result.table(ArrowValues.table(vector));
  }

  /** {@code vector}'s values under another name, without copying (it takes {@code vector}'s buffers). */
  static FieldVector renamed(FieldVector vector, String name, BufferAllocator allocator) {
    TransferPair transfer = vector.getTransferPair(name, allocator);
    transfer.transfer();
    return (FieldVector) transfer.getTo();
  }

  /** A vector of {@code like}'s type holding {@code rows} nulls. */
  static FieldVector nulls(String name, Field like, int rows, BufferAllocator allocator) {
    FieldVector vector = new Field(name, like.getFieldType(), like.getChildren()).createVector(allocator);
    vector.allocateNew();
    for (int i = 0; i < rows; i++) {
      setNull(vector, i);
    }
    vector.setValueCount(rows);
    return vector;
  }

  /** A new nullable field of {@code type} with the given children. */
  static Field field(String name, ArrowType type, List<Field> children) {
    return new Field(name, FieldType.nullable(type), children);
  }

  private static void setNull(FieldVector vector, int i) {
    // Every vector type has setNull, but not through a common interface.
    if (vector instanceof org.apache.arrow.vector.BaseFixedWidthVector) {
      ((org.apache.arrow.vector.BaseFixedWidthVector) vector).setNull(i);
    } else if (vector instanceof org.apache.arrow.vector.BaseVariableWidthVector) {
      ((org.apache.arrow.vector.BaseVariableWidthVector) vector).setNull(i);
    } else if (vector instanceof org.apache.arrow.vector.BaseLargeVariableWidthVector) {
      ((org.apache.arrow.vector.BaseLargeVariableWidthVector) vector).setNull(i);
    } else if (vector instanceof org.apache.arrow.vector.complex.ListVector) {
      ((org.apache.arrow.vector.complex.ListVector) vector).setNull(i);
    } else if (vector instanceof org.apache.arrow.vector.complex.LargeListVector) {
      ((org.apache.arrow.vector.complex.LargeListVector) vector).setNull(i);
    } else if (vector instanceof org.apache.arrow.vector.complex.FixedSizeListVector) {
      ((org.apache.arrow.vector.complex.FixedSizeListVector) vector).setNull(i);
    } else if (vector instanceof org.apache.arrow.vector.complex.StructVector) {
      ((org.apache.arrow.vector.complex.StructVector) vector).setNull(i);
    } else {
      throw new IllegalArgumentException("cannot make a null " + vector.getField().getType() + " value");
    }
  }

  /**
   * The rows {@code rows} of {@code table} (in that order, repeats allowed) as a new table in
   * {@code allocator}. A contiguous run is sliced without copying.
   */
  static VectorSchemaRoot take(VectorSchemaRoot table, int[] rows, BufferAllocator allocator) {
    boolean contiguous = true;
    for (int j = 1; j < rows.length && contiguous; j++) {
      contiguous = rows[j] == rows[j - 1] + 1;
    }
    List<FieldVector> vectors = new ArrayList<>();
    try {
      for (FieldVector source : table.getFieldVectors()) {
        FieldVector target;
        if (rows.length > 0 && contiguous) {
          TransferPair slice = source.getTransferPair(allocator);
          slice.splitAndTransfer(rows[0], rows.length);
          target = (FieldVector) slice.getTo();
        } else {
          target = source.getField().createVector(allocator);
          target.allocateNew();
          TransferPair copy = source.makeTransferPair(target);
          for (int j = 0; j < rows.length; j++) {
            copy.copyValueSafe(rows[j], j);
          }
          target.setValueCount(rows.length);
        }
        vectors.add(target);
      }
    } catch (RuntimeException e) {
      vectors.forEach(FieldVector::close);
      throw e;
    }
    List<Field> fields = new ArrayList<>();
    for (FieldVector vector : vectors) {
      fields.add(vector.getField());
    }
    return new VectorSchemaRoot(fields, vectors, rows.length);
  }
}
