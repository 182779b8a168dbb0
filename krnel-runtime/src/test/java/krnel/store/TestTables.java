package krnel.store;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Arrow tables for the store tests, built value by value so that every cell is known. */
final class TestTables {
  private TestTables() {}

  static final ArrowType INT64 = new ArrowType.Int(64, true);
  static final ArrowType FLOAT32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
  static final ArrowType FLOAT64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);

  static Field nullable(String name, ArrowType type, Field... children) {
    return new Field(name, FieldType.nullable(type), List.of(children));
  }

  static Field required(String name, ArrowType type, Field... children) {
    return new Field(name, FieldType.notNullable(type), List.of(children));
  }

  /**
   * A one-column table of {@code rows} vectors of {@code dim} float32, as the reference writes
   * numpy.
   */
  static VectorSchemaRoot vectors(BufferAllocator allocator, int rows, int dim, long seed) {
    Schema schema =
        new Schema(
            List.of(
                nullable("vector", new ArrowType.FixedSizeList(dim), nullable("item", FLOAT32))));
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    FixedSizeListVector list = (FixedSizeListVector) root.getVector(0);
    list.setInitialCapacity(rows);
    list.allocateNew();
    Float4Vector values = (Float4Vector) list.getDataVector();
    Random random = new Random(seed);
    for (int row = 0; row < rows; row++) {
      list.setNotNull(row);
      for (int j = 0; j < dim; j++) {
        values.setSafe(row * dim + j, (float) random.nextGaussian());
      }
    }
    values.setValueCount(rows * dim);
    root.setRowCount(rows);
    return root;
  }

  static final ArrowType FLOAT16 = new ArrowType.FloatingPoint(FloatingPointPrecision.HALF);

  /**
   * What model activations store: {@code half}, float16 vectors ({@code dtype="float16"}), and
   * {@code tokens}, a variable-length list of fixed-size float32 vectors per row ({@code
   * token_mode="all"}). Rows: values, null, an empty token list, one token (with a null half
   * vector: Arrow C++ could not write that, Java can), and float16's extremes.
   */
  static VectorSchemaRoot activations(BufferAllocator allocator) {
    Schema schema =
        new Schema(
            List.of(
                nullable("half", new ArrowType.FixedSizeList(3), nullable("item", FLOAT16)),
                nullable(
                    "tokens",
                    ArrowType.List.INSTANCE,
                    nullable("item", new ArrowType.FixedSizeList(2), nullable("item", FLOAT32)))));
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    root.allocateNew();
    FixedSizeListVector half = (FixedSizeListVector) root.getVector("half");
    Float2Vector halfValues = (Float2Vector) half.getDataVector();
    float[][] halves = {
      {0.5f, -0.25f, 1 / 3f}, null, {0f, -0f, 65504f}, null, {Float.NaN, 6e-8f, -65504f}
    };
    for (int r = 0; r < halves.length; r++) {
      if (halves[r] == null) {
        half.setNull(r);
        for (int k = 0; k < 3; k++) {
          halfValues.setNull(r * 3 + k);
        }
      } else {
        half.setNotNull(r);
        for (int k = 0; k < 3; k++) {
          halfValues.setSafeWithPossibleTruncate(r * 3 + k, halves[r][k]);
        }
      }
    }
    halfValues.setValueCount(halves.length * 3);
    half.setValueCount(halves.length);
    ListVector tokens = (ListVector) root.getVector("tokens");
    FixedSizeListVector token = (FixedSizeListVector) tokens.getDataVector();
    Float4Vector tokenValues = (Float4Vector) token.getDataVector();
    float[][][] rows = {{{0, 1}, {2, 3}, {4, 5}}, null, {}, {{-1.5f, 2.25f}}, {{7, 8}, {9, 10}}};
    int next = 0;
    for (int r = 0; r < rows.length; r++) {
      if (rows[r] == null) {
        tokens.setNull(r);
        continue;
      }
      tokens.startNewValue(r);
      for (float[] vector : rows[r]) {
        token.setNotNull(next);
        tokenValues.setSafe(2 * next, vector[0]);
        tokenValues.setSafe(2 * next + 1, vector[1]);
        next++;
      }
      tokens.endValue(r, rows[r].length);
    }
    tokenValues.setValueCount(2 * next);
    token.setValueCount(next);
    tokens.setValueCount(rows.length);
    root.setRowCount(rows.length);
    return root;
  }

  static Schema allTypesSchema() {
    return new Schema(
        List.of(
            required("id", INT64),
            nullable("text", ArrowType.Utf8.INSTANCE),
            nullable("score", FLOAT64),
            nullable("flag", ArrowType.Bool.INSTANCE),
            nullable("vector", new ArrowType.FixedSizeList(3), nullable("item", FLOAT32)),
            nullable("tokens", ArrowType.List.INSTANCE, nullable("item", INT64)),
            nullable("words", ArrowType.List.INSTANCE, nullable("item", ArrowType.Utf8.INSTANCE)),
            nullable(
                "json",
                ArrowType.Struct.INSTANCE,
                nullable("a", INT64),
                nullable("b", ArrowType.Utf8.INSTANCE),
                nullable("c", ArrowType.List.INSTANCE, nullable("item", FLOAT64))),
            nullable("i8", new ArrowType.Int(8, true)),
            nullable("i16", new ArrowType.Int(16, true)),
            nullable("i32", new ArrowType.Int(32, true)),
            nullable("u8", new ArrowType.Int(8, false)),
            nullable("u16", new ArrowType.Int(16, false)),
            nullable("u32", new ArrowType.Int(32, false)),
            nullable("u64", new ArrowType.Int(64, false)),
            nullable("f32", FLOAT32),
            nullable("bytes", ArrowType.Binary.INSTANCE),
            nullable("fixed", new ArrowType.FixedSizeBinary(2)),
            nullable("day", new ArrowType.Date(DateUnit.DAY)),
            nullable("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "Europe/Paris"))));
  }

  /**
   * Seven rows of every type: row 1 is null everywhere it can be, row 2 has empty lists, row 3 null
   * list elements, row 4 a null struct, row 5 a struct with null fields.
   */
  static VectorSchemaRoot allTypes(BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(allTypesSchema(), allocator);
    root.allocateNew();
    int rows = 7;
    for (int r = 0; r < rows; r++) {
      boolean nulls = r == 1;
      ((BigIntVector) root.getVector("id")).setSafe(r, 1000L + r);
      text((VarCharVector) root.getVector("text"), r, nulls ? null : "row " + r + " é✓");
      if (nulls) {
        ((Float8Vector) root.getVector("score")).setNull(r);
        ((BitVector) root.getVector("flag")).setNull(r);
      } else {
        ((Float8Vector) root.getVector("score")).setSafe(r, r * 1.5 - 2);
        ((BitVector) root.getVector("flag")).setSafe(r, r % 2);
      }
      vector(
          (FixedSizeListVector) root.getVector("vector"),
          r,
          nulls ? null : new Float[] {r + 0.25f, r == 3 ? null : -r - 0.5f, Float.MAX_VALUE});
      Long[] tokens =
          nulls
              ? null
              : r == 2
                  ? new Long[0]
                  : r == 3
                      ? new Long[] {7L, null, 9L}
                      : new Long[] {(long) r, Long.MIN_VALUE, Long.MAX_VALUE};
      longs((ListVector) root.getVector("tokens"), r, tokens);
      String[] words =
          nulls
              ? null
              : r == 2
                  ? new String[0]
                  : r == 3 ? new String[] {null, ""} : new String[] {"w" + r, "x"};
      strings((ListVector) root.getVector("words"), r, words);
      struct((StructVector) root.getVector("json"), r);
      if (nulls) {
        for (String name :
            List.of(
                "i8", "i16", "i32", "u8", "u16", "u32", "u64", "f32", "bytes", "fixed", "day",
                "ts")) {
          org.apache.arrow.vector.ValueVector v = root.getVector(name);
          Vectors.setNull(v, r);
        }
      } else {
        ((TinyIntVector) root.getVector("i8")).setSafe(r, (byte) (r % 2 == 0 ? -128 + r : 127 - r));
        ((SmallIntVector) root.getVector("i16")).setSafe(r, (short) (-32768 + r));
        ((IntVector) root.getVector("i32")).setSafe(r, Integer.MIN_VALUE + r);
        ((UInt1Vector) root.getVector("u8")).setSafe(r, 255 - r);
        ((UInt2Vector) root.getVector("u16")).setSafe(r, 65535 - r);
        ((UInt4Vector) root.getVector("u32")).setSafe(r, -1 - r);
        ((UInt8Vector) root.getVector("u64")).setSafe(r, -1L - r);
        ((Float4Vector) root.getVector("f32")).setSafe(r, r == 0 ? Float.NaN : r / 3f);
        ((VarBinaryVector) root.getVector("bytes")).setSafe(r, new byte[] {0, (byte) r, -1});
        ((FixedSizeBinaryVector) root.getVector("fixed")).setSafe(r, new byte[] {(byte) r, 42});
        ((DateDayVector) root.getVector("day")).setSafe(r, 19_000 + r);
        ((TimeStampMicroTZVector) root.getVector("ts")).setSafe(r, 1_700_000_000_000_000L + r);
      }
    }
    root.setRowCount(rows);
    return root;
  }

  private static void text(VarCharVector v, int row, String value) {
    if (value == null) {
      v.setNull(row);
    } else {
      v.setSafe(row, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void vector(FixedSizeListVector list, int row, Float[] values) {
    Float4Vector data = (Float4Vector) list.getDataVector();
    if (values == null) {
      list.setNull(row);
      for (int j = 0; j < list.getListSize(); j++) {
        data.setNull(row * list.getListSize() + j);
      }
      return;
    }
    list.setNotNull(row);
    for (int j = 0; j < values.length; j++) {
      if (values[j] == null) {
        data.setNull(row * values.length + j);
      } else {
        data.setSafe(row * values.length + j, values[j]);
      }
    }
  }

  private static void longs(ListVector list, int row, Long[] values) {
    if (values == null) {
      list.setNull(row);
      return;
    }
    BigIntVector data = (BigIntVector) list.getDataVector();
    int start = list.startNewValue(row);
    for (int j = 0; j < values.length; j++) {
      if (values[j] == null) {
        data.setNull(start + j);
      } else {
        data.setSafe(start + j, values[j]);
      }
    }
    list.endValue(row, values.length);
    data.setValueCount(start + values.length);
  }

  private static void strings(ListVector list, int row, String[] values) {
    if (values == null) {
      list.setNull(row);
      return;
    }
    VarCharVector data = (VarCharVector) list.getDataVector();
    int start = list.startNewValue(row);
    for (int j = 0; j < values.length; j++) {
      text(data, start + j, values[j]);
    }
    list.endValue(row, values.length);
    data.setValueCount(start + values.length);
  }

  private static void doubles(ListVector list, int row, Double[] values) {
    if (values == null) {
      list.setNull(row);
      return;
    }
    Float8Vector data = (Float8Vector) list.getDataVector();
    int start = list.startNewValue(row);
    for (int j = 0; j < values.length; j++) {
      if (values[j] == null) {
        data.setNull(start + j);
      } else {
        data.setSafe(start + j, values[j]);
      }
    }
    list.endValue(row, values.length);
    data.setValueCount(start + values.length);
  }

  private static void struct(StructVector json, int row) {
    BigIntVector a = (BigIntVector) json.getChild("a");
    VarCharVector b = (VarCharVector) json.getChild("b");
    ListVector c = (ListVector) json.getChild("c");
    if (row == 1 || row == 4) {
      json.setNull(row);
      a.setNull(row);
      b.setNull(row);
      c.setNull(row);
      return;
    }
    json.setIndexDefined(row);
    if (row == 5) {
      a.setNull(row);
      b.setNull(row);
      c.setNull(row);
      return;
    }
    a.setSafe(row, -row);
    text(b, row, "{\"k\": " + row + "}");
    doubles(
        c,
        row,
        row == 2
            ? new Double[0]
            : row == 3 ? new Double[] {null, 0.5} : new Double[] {row * 0.1, 1e300});
  }
}
