package krnel.graph;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks and converts field values for generated builders. Conversions follow the reference's
 * lax rules where they are lossless (an int given to a float field becomes a float; a whole
 * float given to an int field is an error), and every error names the op and the field.
 */
public final class Values {
  private Values() {}

  /** {@code value}, or an error saying that the field is required and how to set it. */
  public static <T> T required(OpType<?> op, String field, T value) {
    if (value == null) {
      String setter = op.field(field).map(FieldSpec::accessor).orElse(field);
      throw new OpValidationException(op.wireName() + "." + field + " is required and must not be null;"
          + " set it with ." + setter + "(...)");
    }
    return value;
  }

  public static OpValidationException unknownField(OpType<?> op, String field) {
    List<String> valid = new ArrayList<>();
    op.fields().forEach(f -> valid.add(f.name()));
    Collections.sort(valid);
    // The same message as subs(Map) gives, whichever way the unknown name arrives.
    return new OpValidationException("Invalid field names for " + op.wireName() + ": " + pythonList(List.of(field))
        + ". Valid fields: " + pythonList(valid));
  }

  /** {@code ['a', 'b']}: names as Python prints a list of strings, as krnel-graph's messages show them. */
  static String pythonList(Collection<String> names) {
    StringBuilder out = new StringBuilder("[");
    for (String name : names) {
      out.append(out.length() > 1 ? ", '" : "'").append(name).append('\'');
    }
    return out.append(']').toString();
  }

  public static String string(OpType<?> op, String field, Object value) {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw mismatch(op, field, "a string", value);
  }

  public static Integer integer(OpType<?> op, String field, Object value) {
    Long wide = longInteger(op, field, value);
    if (wide == null) {
      return null;
    }
    if (wide < Integer.MIN_VALUE || wide > Integer.MAX_VALUE) {
      throw mismatch(op, field, "an int (32 bits)", value);
    }
    return wide.intValue();
  }

  public static Long longInteger(OpType<?> op, String field, Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger && ((BigInteger) value).bitLength() < 64) {
      return ((BigInteger) value).longValue();
    }
    throw mismatch(op, field, "an integer", value);
  }

  public static Double floating(OpType<?> op, String field, Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Number) {
      return ((Number) value).doubleValue();
    }
    throw mismatch(op, field, "a number", value);
  }

  public static Boolean bool(OpType<?> op, String field, Object value) {
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    throw mismatch(op, field, "a boolean", value);
  }

  /** A number that keeps ints and floats apart, as Python's {@code float | int} does. */
  public static Number number(OpType<?> op, String field, Object value) {
    if (value == null || value instanceof Integer || value instanceof Long || value instanceof Double || value instanceof BigInteger) {
      return (Number) value;
    }
    if (value instanceof Short || value instanceof Byte) {
      return ((Number) value).intValue();
    }
    if (value instanceof Float) {
      return ((Number) value).doubleValue();
    }
    throw mismatch(op, field, "an int or a float", value);
  }

  /** A checked, deeply unmodifiable copy of a JSON-like value. */
  @SuppressWarnings("unchecked")
  public static <T> T json(OpType<?> op, String field, Object value, JsonShape shape) {
    return (T) shape.copy(op, field, value);
  }

  public static <T extends OpSpec> T input(OpType<?> op, String field, Object value, Class<T> type) {
    if (value == null || type.isInstance(value)) {
      return type.cast(value);
    }
    throw mismatch(op, field, "an op of type " + type.getSimpleName(), value);
  }

  /** An unmodifiable copy of a list of input ops, without nulls. */
  public static <T extends OpSpec> List<T> inputList(OpType<?> op, String field, Object value, Class<T> type) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof Collection)) {
      throw mismatch(op, field, "a list of " + type.getSimpleName(), value);
    }
    List<T> copy = new ArrayList<>(((Collection<?>) value).size());
    int index = 0;
    for (Object element : (Collection<?>) value) {
      copy.add(required(op, field + "[" + index + "]", input(op, field + "[" + index + "]", element, type)));
      index++;
    }
    return Collections.unmodifiableList(copy);
  }

  /** An unmodifiable copy of a map of input ops, keeping its order, without nulls. */
  public static <T extends OpSpec> Map<String, T> inputMap(OpType<?> op, String field, Object value, Class<T> type) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof Map)) {
      throw mismatch(op, field, "a map of " + type.getSimpleName(), value);
    }
    Map<String, T> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : inStableOrder((Map<?, ?>) value)) {
      String key = string(op, field + " key", entry.getKey());
      String path = field + "[\"" + key + "\"]";
      copy.put(key, required(op, path, input(op, path, entry.getValue(), type)));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static final Class<?> UNMODIFIABLE_MAP = Collections.unmodifiableMap(new LinkedHashMap<>()).getClass();

  /**
   * The entries of a map given to a builder, in the order the op will keep: the map's own order
   * when it has one the caller chose (a LinkedHashMap, a SortedMap, or another op's copy: a
   * JsonMap or an unmodifiable map of inputs), otherwise sorted by key. {@code Map.of} iterates in
   * an order that changes from one JVM run to the next, which made dependency order and pseudocode
   * of one program differ between runs (the uuid never depended on it: canonical JSON sorts keys).
   */
  static Collection<? extends Map.Entry<?, ?>> inStableOrder(Map<?, ?> map) {
    if (map.size() < 2 || map instanceof LinkedHashMap || map instanceof java.util.SortedMap
        || map instanceof JsonMap || UNMODIFIABLE_MAP.isInstance(map)) {
      return map.entrySet();
    }
    List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
    for (Map.Entry<?, ?> entry : entries) {
      if (!(entry.getKey() instanceof String)) {
        return entries; // not a valid op map: the caller reports the key
      }
    }
    entries.sort((a, b) -> JsonWriter.CODE_POINT_ORDER.compare((String) a.getKey(), (String) b.getKey()));
    return entries;
  }

  /** {@code String "abc"}, {@code Integer 5}, {@code SelectTextColumnOp_12ab…}: a value for an error message. */
  static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof OpSpec) {
      return ((OpSpec) value).wireName() + " op";
    }
    String text = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    if (text.length() > 60) {
      text = text.substring(0, 57) + "...";
    }
    return value.getClass().getSimpleName() + " " + text;
  }

  private static OpValidationException mismatch(OpType<?> op, String field, String expected, Object value) {
    return new OpValidationException(op.wireName() + "." + field + ": expected " + expected + ", got " + describe(value));
  }
}
