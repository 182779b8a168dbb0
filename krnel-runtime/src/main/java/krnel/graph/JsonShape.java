package krnel.graph;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The declared shape of a JSON-like parameter ({@code List<String>}, {@code Map<String, Object>}):
 * checks a value against it and copies it into unmodifiable collections, so an op's parameters
 * cannot change after its uuid is computed.
 */
public abstract class JsonShape {
  public static final JsonShape ANY = new Leaf("any JSON value (null, string, number, boolean, list, map)");
  public static final JsonShape STRING = new Leaf("a string");
  public static final JsonShape INT = new Leaf("an int");
  public static final JsonShape LONG = new Leaf("a long");
  public static final JsonShape DOUBLE = new Leaf("a number");
  public static final JsonShape BOOLEAN = new Leaf("a boolean");
  public static final JsonShape NUMBER = new Leaf("a number");

  public static JsonShape list(JsonShape elements) {
    return new ListShape(elements);
  }

  public static JsonShape map(JsonShape values) {
    return new MapShape(values);
  }

  private JsonShape() {}

  /** A checked, deeply unmodifiable copy of {@code value}; {@code path} names it in errors. */
  abstract Object copy(OpType<?> op, String path, Object value);

  abstract String describe();

  final OpValidationException mismatch(OpType<?> op, String path, Object value) {
    return new OpValidationException(op.wireName() + "." + path + ": expected " + describe() + ", got " + Values.describe(value));
  }

  private static final class Leaf extends JsonShape {
    private final String description;

    Leaf(String description) {
      this.description = description;
    }

    @Override
    String describe() {
      return description;
    }

    @Override
    Object copy(OpType<?> op, String path, Object value) {
      if (this == ANY) {
        return anyJson(op, path, value);
      }
      if (value == null) {
        throw mismatch(op, path, null);
      }
      try {
        if (this == STRING) {
          return Values.string(op, path, value);
        } else if (this == INT) {
          return Values.integer(op, path, value);
        } else if (this == LONG) {
          return Values.longInteger(op, path, value);
        } else if (this == DOUBLE) {
          return Values.floating(op, path, value);
        } else if (this == BOOLEAN) {
          return Values.bool(op, path, value);
        }
        return Values.number(op, path, value);
      } catch (OpValidationException e) {
        throw mismatch(op, path, value);
      }
    }

    private static Object anyJson(OpType<?> op, String path, Object value) {
      if (value == null || value instanceof String || value instanceof Boolean
          || value instanceof Integer || value instanceof Long || value instanceof Double || value instanceof BigInteger) {
        return value;
      }
      if (value instanceof Short || value instanceof Byte) {
        return ((Number) value).intValue();
      }
      if (value instanceof Float || value instanceof BigDecimal) {
        return ((Number) value).doubleValue();
      }
      if (value instanceof Character) {
        return value.toString();
      }
      if (value instanceof Collection) {
        return LIST_OF_ANY.copy(op, path, value);
      }
      if (value instanceof Map) {
        return MAP_OF_ANY.copy(op, path, value);
      }
      if (value instanceof OpSpec) {
        throw new OpValidationException(op.wireName() + "." + path + ": an op inside a parameter is not a graph edge;"
            + " declare an input field of an op type instead");
      }
      throw new OpValidationException(op.wireName() + "." + path + ": " + Values.describe(value)
          + " is not JSON-like; use null, String, Number, Boolean, List or Map<String, ...>");
    }
  }

  private static final JsonShape LIST_OF_ANY = new ListShape(ANY);
  private static final JsonShape MAP_OF_ANY = new MapShape(ANY);

  private static final class ListShape extends JsonShape {
    private final JsonShape elements;

    ListShape(JsonShape elements) {
      this.elements = elements;
    }

    @Override
    String describe() {
      return "a list of " + elements.describe();
    }

    @Override
    Object copy(OpType<?> op, String path, Object value) {
      if (value == null) {
        return null; // nullability of the field itself is checked by the op
      }
      if (!(value instanceof Collection)) {
        throw mismatch(op, path, value);
      }
      Collection<?> source = (Collection<?>) value;
      List<Object> copy = new ArrayList<>(source.size());
      int index = 0;
      for (Object element : source) {
        copy.add(elements.copy(op, path + "[" + index++ + "]", element));
      }
      return Collections.unmodifiableList(copy);
    }
  }

  private static final class MapShape extends JsonShape {
    private final JsonShape values;

    MapShape(JsonShape values) {
      this.values = values;
    }

    @Override
    String describe() {
      return "a map of " + values.describe();
    }

    @Override
    Object copy(OpType<?> op, String path, Object value) {
      if (value == null) {
        return null;
      }
      if (!(value instanceof Map)) {
        throw mismatch(op, path, value);
      }
      Map<?, ?> source = (Map<?, ?>) value;
      Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, source.size() * 2));
      for (Map.Entry<?, ?> entry : Values.inStableOrder(source)) {
        if (!(entry.getKey() instanceof String)) {
          throw new OpValidationException(op.wireName() + "." + path + ": map keys must be strings, got " + Values.describe(entry.getKey()));
        }
        String key = (String) entry.getKey();
        copy.put(key, values.copy(op, path + "[\"" + key + "\"]", entry.getValue()));
      }
      return Collections.unmodifiableMap(copy);
    }
  }
}
