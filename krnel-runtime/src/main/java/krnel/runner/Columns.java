package krnel.runner;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.BaseListVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Arrow columns as Java values: what result accessors and implementations need. Each method names
 * the op in its error, and says which column type it expected.
 */
public final class Columns {
  private Columns() {}

  /** The only column of a one-column result, as the reference's {@code to_numpy} requires. */
  public static FieldVector single(VectorSchemaRoot table, String what) {
    if (table.getFieldVectors().size() != 1) {
      throw new IllegalArgumentException(what + ": expected a single-column result, got "
          + table.getFieldVectors().size() + " columns " + table.getSchema().getFields());
    }
    return table.getVector(0);
  }

  public static List<String> strings(FieldVector column, String what) {
    List<String> values = new ArrayList<>(column.getValueCount());
    if (column instanceof VarCharVector) {
      VarCharVector text = (VarCharVector) column;
      for (int i = 0; i < text.getValueCount(); i++) {
        values.add(text.isNull(i) ? null : new String(text.get(i), java.nio.charset.StandardCharsets.UTF_8));
      }
    } else if (column instanceof LargeVarCharVector) {
      LargeVarCharVector text = (LargeVarCharVector) column;
      for (int i = 0; i < text.getValueCount(); i++) {
        values.add(text.isNull(i) ? null : new String(text.get(i), java.nio.charset.StandardCharsets.UTF_8));
      }
    } else {
      throw mismatch(what, "a string column", column);
    }
    return values;
  }

  public static boolean[] booleans(FieldVector column, String what) {
    if (!(column instanceof BitVector)) {
      throw mismatch(what, "a boolean column", column);
    }
    BitVector bits = (BitVector) column;
    boolean[] values = new boolean[bits.getValueCount()];
    for (int i = 0; i < values.length; i++) {
      if (bits.isNull(i)) {
        throw new IllegalArgumentException(what + ": row " + i + " is null; a boolean column used as a mask must not hold nulls");
      }
      values[i] = bits.get(i) != 0;
    }
    return values;
  }

  /** Numbers as doubles; nulls become NaN. */
  public static double[] doubles(FieldVector column, String what) {
    double[] values = new double[column.getValueCount()];
    if (column instanceof FloatingPointVector) {
      FloatingPointVector numbers = (FloatingPointVector) column;
      for (int i = 0; i < values.length; i++) {
        values[i] = column.isNull(i) ? Double.NaN : numbers.getValueAsDouble(i);
      }
    } else if (column instanceof BaseIntVector) {
      BaseIntVector numbers = (BaseIntVector) column;
      for (int i = 0; i < values.length; i++) {
        values[i] = column.isNull(i) ? Double.NaN : numbers.getValueAsLong(i);
      }
    } else if (column instanceof BitVector) {
      BitVector bits = (BitVector) column;
      for (int i = 0; i < values.length; i++) {
        values[i] = bits.isNull(i) ? Double.NaN : bits.get(i);
      }
    } else {
      throw mismatch(what, "a numeric column", column);
    }
    return values;
  }

  /** Vectors (fixed-size or variable-size lists of numbers) as rows of floats. */
  public static float[][] vectors(FieldVector column, String what) {
    if (!(column instanceof FixedSizeListVector || column instanceof ListVector)) {
      throw mismatch(what, "a vector column (a list of numbers per row)", column);
    }
    BaseListVector lists = (BaseListVector) column;
    FieldVector elements = column instanceof FixedSizeListVector
        ? ((FixedSizeListVector) column).getDataVector()
        : ((ListVector) column).getDataVector();
    double[] flat = doubles(elements, what);
    float[][] rows = new float[column.getValueCount()][];
    for (int i = 0; i < rows.length; i++) {
      if (column.isNull(i)) {
        throw new IllegalArgumentException(what + ": row " + i + " is null; vectors must not be null");
      }
      int start = lists.getElementStartIndex(i);
      int end = lists.getElementEndIndex(i);
      rows[i] = new float[end - start];
      for (int j = start; j < end; j++) {
        if (elements.isNull(j)) {
          // a null element is not a number: NaN would slip into a model or a distance unseen
          throw new IllegalArgumentException(what + ": row " + i + " has a null at element " + (j - start)
              + "; vector elements must not be null");
        }
        rows[i][j - start] = (float) flat[j];
      }
    }
    return rows;
  }

  /**
   * The other way round: a one-column table {@code FixedSizeList<float32>[width]} named {@code name}, as
   * the reference's {@code write_numpy} stores a 2-D float32 array. Every row must have {@code width} values.
   */
  public static VectorSchemaRoot vectorTable(String name, float[][] rows, int width, BufferAllocator allocator) {
    Field field = new Field(name, FieldType.nullable(new ArrowType.FixedSizeList(width)),
        List.of(Field.nullable("item", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))));
    FixedSizeListVector column = (FixedSizeListVector) field.createVector(allocator);
    try {
      column.setInitialCapacity(rows.length);
      column.allocateNew();
      Float4Vector values = (Float4Vector) column.getDataVector();
      values.allocateNew(Math.max(1, rows.length * width));
      for (int i = 0; i < rows.length; i++) {
        column.setNotNull(i);
        for (int k = 0; k < width; k++) {
          values.set(i * width + k, rows[i][k]);
        }
      }
      values.setValueCount(rows.length * width);
      column.setValueCount(rows.length);
      return new VectorSchemaRoot(List.of(column.getField()), List.of(column), rows.length);
    } catch (RuntimeException e) {
      column.close();
      throw e;
    }
  }

  /** A one-column table of {@code float64} named {@code name}: how score columns are stored. */
  public static VectorSchemaRoot doubleTable(String name, double[] values, BufferAllocator allocator) {
    Float8Vector column = new Float8Vector(name, allocator);
    try {
      column.allocateNew(values.length);
      for (int i = 0; i < values.length; i++) {
        column.set(i, values[i]);
      }
      column.setValueCount(values.length);
      return VectorSchemaRoot.of(column);
    } catch (RuntimeException e) {
      column.close();
      throw e;
    }
  }

  /** A one-column table of {@code utf8} named {@code name}; null strings are null rows. */
  public static VectorSchemaRoot stringTable(String name, List<String> values, BufferAllocator allocator) {
    VarCharVector column = new VarCharVector(name, allocator);
    try {
      column.allocateNew(values.size());
      for (int i = 0; i < values.size(); i++) {
        String value = values.get(i);
        if (value == null) {
          column.setNull(i);
        } else {
          column.setSafe(i, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
      }
      column.setValueCount(values.size());
      return VectorSchemaRoot.of(column);
    } catch (RuntimeException e) {
      column.close();
      throw e;
    }
  }

  /** A one-column boolean table named {@code name}. */
  public static VectorSchemaRoot booleanTable(String name, boolean[] values, BufferAllocator allocator) {
    BitVector column = new BitVector(name, allocator);
    try {
      column.allocateNew(values.length);
      for (int i = 0; i < values.length; i++) {
        column.set(i, values[i] ? 1 : 0);
      }
      column.setValueCount(values.length);
      return VectorSchemaRoot.of(column);
    } catch (RuntimeException e) {
      column.close();
      throw e;
    }
  }

  private static IllegalArgumentException mismatch(String what, String expected, FieldVector column) {
    return new IllegalArgumentException(what + ": expected " + expected + ", got column \"" + column.getName()
        + "\" of Arrow type " + column.getField().getType());
  }
}
