package krnel.onnx;

import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Activation results as one-column Arrow tables named by the op's uuid:
 *
 * <ul>
 *   <li>{@code last}, {@code mean}: {@code FixedSizeList<float>[hidden]}, one vector per row, as the
 *       reference's {@code write_numpy} stores a 2-D array;
 *   <li>{@code all}: {@code List<FixedSizeList<float>[hidden]>}, one vector per real token of the
 *       row, in token order (the reference cannot store this);
 * </ul>
 *
 * where {@code float} is float32, or float16 (Arrow {@code HalfFloat}, Parquet {@code
 * FIXED_LEN_BYTE_ARRAY(2)} annotated {@code FLOAT16}, what pyarrow writes for a float16 numpy
 * array) for {@code dtype="float16"}.
 */
final class ActivationTables {
  private ActivationTables() {}

  /** The output element type. */
  enum Dtype {
    FLOAT32(FloatingPointPrecision.SINGLE),
    FLOAT16(FloatingPointPrecision.HALF);

    final ArrowType arrow;

    Dtype(FloatingPointPrecision precision) {
      this.arrow = new ArrowType.FloatingPoint(precision);
    }

    /** {@code dtype} as an output type: null (the model's own, float32 for ONNX models), float32, float16. */
    static Dtype of(String dtype, String model) {
      if (dtype == null) {
        return FLOAT32;
      }
      switch (dtype.toLowerCase(Locale.ROOT)) {
        case "float32": case "fp32": return FLOAT32;
        case "float16": case "fp16": case "half": return FLOAT16;
        default:
          throw new IllegalArgumentException("dtype: \"" + dtype + "\" is not supported by the ONNX runner ("
              + model + "); use float32 or float16 (or leave it null for float32)");
      }
    }
  }

  /** {@code rows[i]}: row i's vectors one after the other (one for last/mean). */
  static VectorSchemaRoot table(String name, float[][] rows, int hidden, boolean perToken, Dtype dtype,
      BufferAllocator allocator) {
    Field vector = new Field(perToken ? "item" : name, FieldType.nullable(new ArrowType.FixedSizeList(hidden)),
        List.of(Field.nullable("item", dtype.arrow)));
    Field field = perToken
        ? new Field(name, FieldType.nullable(ArrowType.List.INSTANCE), List.of(vector))
        : vector;
    FieldVector column = field.createVector(allocator);
    try {
      long values = 0;
      for (float[] row : rows) {
        values += row.length;
      }
      if (values > Integer.MAX_VALUE) { // Arrow indexes a vector's elements with an int
        throw new IllegalArgumentException("the result holds " + values + " floats, more than one Arrow column"
            + " can; split the dataset (dataset.take(...)) or use token_mode last or mean");
      }
      if (perToken) { // allocating a list (re)allocates its children: the list first
        column.setInitialCapacity(rows.length);
        column.allocateNew();
      }
      FixedSizeListVector vectors = perToken
          ? (FixedSizeListVector) ((ListVector) column).getDataVector()
          : (FixedSizeListVector) column;
      vectors.setInitialCapacity(Math.max(1, Math.toIntExact(values / hidden))); // and hidden floats each
      vectors.allocateNew();
      FieldVector elements = vectors.getDataVector();
      int next = 0; // next vector slot
      for (int i = 0; i < rows.length; i++) {
        float[] row = rows[i];
        if (perToken) {
          ((ListVector) column).startNewValue(i);
          ((ListVector) column).endValue(i, row.length / hidden);
        }
        for (int v = 0; v < row.length / hidden; v++, next++) {
          vectors.setNotNull(next);
          for (int k = 0; k < hidden; k++) {
            set(elements, next * hidden + k, row[v * hidden + k]);
          }
        }
      }
      elements.setValueCount(next * hidden);
      vectors.setValueCount(next);
      column.setValueCount(rows.length);
      return new VectorSchemaRoot(List.of(column.getField()), List.of(column), rows.length);
    } catch (RuntimeException e) {
      column.close();
      throw e;
    }
  }

  private static void set(FieldVector elements, int index, float value) {
    if (elements instanceof Float4Vector) {
      ((Float4Vector) elements).set(index, value);
    } else {
      ((Float2Vector) elements).setWithPossibleTruncate(index, value); // round to nearest even; beyond ±65504: ±inf
    }
  }
}
