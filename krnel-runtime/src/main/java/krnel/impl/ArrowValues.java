package krnel.impl;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.BaseListVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.util.Text;

/**
 * Java values to Arrow columns and back, the way pyarrow does it: {@code pa.array(values)} infers
 * one type over all values (str → utf8, float → float64, int → int64, bool → bool, lists → list,
 * dicts → struct whose fields are the union of the keys seen, ints and floats mixing as float64),
 * and {@code to_pylist()} reads values back as Java values (String, Long, Double, Boolean, List,
 * Map with every struct field, nulls included).
 *
 * <p>One difference: a column (or list element, or struct field) that holds only nulls, or no
 * values at all, becomes a utf8 column of nulls rather than pyarrow's {@code null} type, which the
 * store's Parquet writer cannot store. Column selection accepts an all-null column as any column
 * type.
 */
public final class ArrowValues {
  private ArrowValues() {}

  /**
   * An inference failure: {@link #path} says where inside the value ({@code [2].name}), {@link
   * #reason} what did not fit.
   */
  static final class TypeConflict extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String path;
    final String reason;

    TypeConflict(String path, String reason) {
      super((path.isEmpty() ? "" : path + ": ") + reason);
      this.path = path;
      this.reason = reason;
    }

    TypeConflict(String reason) {
      this("", reason);
    }

    TypeConflict under(String prefix) {
      return new TypeConflict(prefix + path, reason);
    }
  }

  // ------------------------------------------------------------------ inferred types

  /** A type inferred from values, before it becomes an Arrow field. */
  abstract static class Inferred {
    abstract String describe();
  }

  private static final class Scalar extends Inferred {
    final String name;

    Scalar(String name) {
      this.name = name;
    }

    @Override
    String describe() {
      return name;
    }
  }

  static final Inferred NULL = new Scalar("null");
  static final Inferred BOOL = new Scalar("bool");
  static final Inferred INT = new Scalar("int64");
  static final Inferred FLOAT = new Scalar("float64");
  static final Inferred STRING = new Scalar("string");

  static final class ListOf extends Inferred {
    final Inferred element;

    ListOf(Inferred element) {
      this.element = element;
    }

    @Override
    String describe() {
      return "list<" + element.describe() + ">";
    }
  }

  static final class StructOf extends Inferred {
    final LinkedHashMap<String, Inferred> fields;

    StructOf(LinkedHashMap<String, Inferred> fields) {
      this.fields = fields;
    }

    @Override
    String describe() {
      StringBuilder out = new StringBuilder("struct<");
      fields.forEach((k, v) -> out.append(out.length() > 7 ? ", " : "").append(k).append(": ").append(v.describe()));
      return out.append('>').toString();
    }
  }

  /** The type of one value. */
  static Inferred infer(Object value) {
    if (value == null) {
      return NULL;
    }
    if (value instanceof String || value instanceof Character) {
      return STRING;
    }
    if (value instanceof Boolean) {
      return BOOL;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return INT;
    }
    if (value instanceof BigInteger) {
      if (((BigInteger) value).bitLength() >= 64) {
        throw new TypeConflict("the integer " + value + " does not fit in int64");
      }
      return INT;
    }
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      return FLOAT;
    }
    if (value instanceof Collection) {
      Inferred element = NULL;
      int index = 0;
      for (Object item : (Collection<?>) value) {
        try {
          element = unify(element, infer(item));
        } catch (TypeConflict e) {
          throw e.under("[" + index + "]");
        }
        index++;
      }
      return new ListOf(element);
    }
    if (value instanceof Map) {
      LinkedHashMap<String, Inferred> fields = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        if (!(entry.getKey() instanceof String)) {
          throw new TypeConflict("a map key must be a string; got " + entry.getKey());
        }
        try {
          fields.put((String) entry.getKey(), infer(entry.getValue()));
        } catch (TypeConflict e) {
          throw e.under("." + entry.getKey());
        }
      }
      return new StructOf(fields);
    }
    throw new TypeConflict("a " + value.getClass().getSimpleName() + " is not a JSON value");
  }

  /** The type of all {@code values}; a conflict names the row. */
  static Inferred inferColumn(List<?> values) {
    Inferred type = NULL;
    for (int row = 0; row < values.size(); row++) {
      try {
        type = unify(type, infer(values.get(row)));
      } catch (TypeConflict e) {
        throw e.under("row " + row);
      }
    }
    return type;
  }

  /** The common type of {@code a} and {@code b}: nulls fit anything, ints widen to floats, structs merge. */
  static Inferred unify(Inferred a, Inferred b) {
    if (a == NULL) {
      return b;
    }
    if (b == NULL || a == b) {
      return a;
    }
    if ((a == INT && b == FLOAT) || (a == FLOAT && b == INT)) {
      return FLOAT;
    }
    if (a instanceof ListOf && b instanceof ListOf) {
      return new ListOf(unify(((ListOf) a).element, ((ListOf) b).element));
    }
    if (a instanceof StructOf && b instanceof StructOf) {
      LinkedHashMap<String, Inferred> merged = new LinkedHashMap<>(((StructOf) a).fields);
      for (Map.Entry<String, Inferred> field : ((StructOf) b).fields.entrySet()) {
        Inferred before = merged.get(field.getKey());
        try {
          merged.put(field.getKey(), before == null ? field.getValue() : unify(before, field.getValue()));
        } catch (TypeConflict e) {
          throw e.under("." + field.getKey());
        }
      }
      return new StructOf(merged);
    }
    throw new TypeConflict("a " + b.describe() + " value where earlier values are " + a.describe()
        + " (a column holds one type; only ints and floats mix, as float64)");
  }

  /** The Arrow field of an inferred type; nulls-only becomes utf8. */
  static Field field(String name, Inferred type) {
    if (type == NULL || type == STRING) {
      return Field.nullable(name, ArrowType.Utf8.INSTANCE);
    }
    if (type == BOOL) {
      return Field.nullable(name, ArrowType.Bool.INSTANCE);
    }
    if (type == INT) {
      return Field.nullable(name, new ArrowType.Int(64, true));
    }
    if (type == FLOAT) {
      return Field.nullable(name, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
    }
    if (type instanceof ListOf) {
      return new Field(name, FieldType.nullable(ArrowType.List.INSTANCE), List.of(field("item", ((ListOf) type).element)));
    }
    List<Field> children = new ArrayList<>();
    ((StructOf) type).fields.forEach((key, child) -> children.add(field(key, child)));
    return new Field(name, FieldType.nullable(ArrowType.Struct.INSTANCE), children);
  }

  // ------------------------------------------------------------------ building vectors

  /** A vector of {@code field}'s type holding {@code values} (which must fit the type). */
  static FieldVector build(Field field, List<?> values, BufferAllocator allocator) {
    FieldVector vector = field.createVector(allocator);
    try {
      fill(vector, values);
      return vector;
    } catch (RuntimeException e) {
      vector.close();
      throw e;
    }
  }

  /** A one-vector table. */
  static VectorSchemaRoot table(FieldVector vector) {
    return new VectorSchemaRoot(List.of(vector.getField()), List.of(vector), vector.getValueCount());
  }

  private static void fill(FieldVector vector, List<?> values) {
    int n = values.size();
    if (vector instanceof BitVector) {
      BitVector bits = (BitVector) vector;
      bits.allocateNew(n);
      for (int i = 0; i < n; i++) {
        Object v = values.get(i);
        if (v == null) {
          bits.setNull(i);
        } else {
          bits.setSafe(i, (Boolean) v ? 1 : 0);
        }
      }
    } else if (vector instanceof BigIntVector) {
      BigIntVector longs = (BigIntVector) vector;
      longs.allocateNew(n);
      for (int i = 0; i < n; i++) {
        Object v = values.get(i);
        if (v == null) {
          longs.setNull(i);
        } else {
          longs.setSafe(i, ((Number) v).longValue());
        }
      }
    } else if (vector instanceof Float8Vector) {
      Float8Vector doubles = (Float8Vector) vector;
      doubles.allocateNew(n);
      for (int i = 0; i < n; i++) {
        Object v = values.get(i);
        if (v == null) {
          doubles.setNull(i);
        } else {
          doubles.setSafe(i, ((Number) v).doubleValue());
        }
      }
    } else if (vector instanceof VarCharVector) {
      VarCharVector text = (VarCharVector) vector;
      text.allocateNew(n);
      for (int i = 0; i < n; i++) {
        Object v = values.get(i);
        if (v == null) {
          text.setNull(i);
        } else {
          text.setSafe(i, v.toString().getBytes(StandardCharsets.UTF_8));
        }
      }
    } else if (vector instanceof ListVector) {
      ListVector lists = (ListVector) vector;
      List<Object> flat = new ArrayList<>();
      for (Object v : values) {
        if (v != null) {
          flat.addAll((Collection<?>) v);
        }
      }
      lists.allocateNew();
      fill(lists.getDataVector(), flat);
      for (int i = 0; i < n; i++) {
        Object v = values.get(i);
        if (v == null) {
          lists.setNull(i);
        } else {
          lists.startNewValue(i);
          lists.endValue(i, ((Collection<?>) v).size());
        }
      }
    } else if (vector instanceof StructVector) {
      StructVector struct = (StructVector) vector;
      struct.allocateNew();
      for (FieldVector child : struct.getChildrenFromFields()) {
        List<Object> projected = new ArrayList<>(n);
        for (Object v : values) {
          projected.add(v == null ? null : ((Map<?, ?>) v).get(child.getName()));
        }
        fill(child, projected);
      }
      for (int i = 0; i < n; i++) {
        if (values.get(i) == null) {
          struct.setNull(i);
        } else {
          struct.setIndexDefined(i);
        }
      }
    } else {
      throw new IllegalStateException("cannot build a " + vector.getField().getType() + " vector");
    }
    vector.setValueCount(n);
  }

  // ------------------------------------------------------------------ reading values

  /** Row {@code i} of {@code vector} as a Java value, like pyarrow's {@code to_pylist()}. */
  public static Object get(FieldVector vector, int i) {
    if (vector.isNull(i)) {
      return null;
    }
    if (vector instanceof VarCharVector) {
      return new String(((VarCharVector) vector).get(i), StandardCharsets.UTF_8);
    }
    if (vector instanceof LargeVarCharVector) {
      return new String(((LargeVarCharVector) vector).get(i), StandardCharsets.UTF_8);
    }
    if (vector instanceof BitVector) {
      return ((BitVector) vector).get(i) != 0;
    }
    if (vector instanceof BaseIntVector) {
      return ((BaseIntVector) vector).getValueAsLong(i);
    }
    if (vector instanceof Float8Vector) {
      return ((Float8Vector) vector).get(i);
    }
    if (vector instanceof Float4Vector) {
      return (double) ((Float4Vector) vector).get(i);
    }
    if (vector instanceof Float2Vector) {
      return (double) ((Float2Vector) vector).getValueAsFloat(i);
    }
    if (vector instanceof ListVector || vector instanceof LargeListVector || vector instanceof FixedSizeListVector) {
      BaseListVector lists = (BaseListVector) vector;
      FieldVector elements = lists.getChildrenFromFields().get(0);
      int start = lists.getElementStartIndex(i);
      int end = lists.getElementEndIndex(i);
      List<Object> out = new ArrayList<>(end - start);
      for (int j = start; j < end; j++) {
        out.add(get(elements, j));
      }
      return out;
    }
    if (vector instanceof StructVector) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (FieldVector child : ((StructVector) vector).getChildrenFromFields()) {
        out.put(child.getName(), get(child, i));
      }
      return out;
    }
    Object value = vector.getObject(i);
    return value instanceof Text ? value.toString() : value;
  }

  /** Every row of {@code vector} as Java values. */
  public static List<Object> values(FieldVector vector) {
    int n = vector.getValueCount();
    List<Object> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(get(vector, i));
    }
    return out;
  }
}
