package krnel.graph;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * The declared shape of a JSON-like parameter ({@code List<String>}, {@code Map<String, Object>}):
 * checks a value against it and copies it into unmodifiable collections ({@link JsonList}, {@link
 * JsonMap}), so an op's parameters cannot change after its uuid is computed.
 */
public abstract class JsonShape {
  public static final JsonShape ANY = new Leaf("any JSON value (null, string, number, boolean, list, map)");
  public static final JsonShape STRING = new Leaf("a string");
  public static final JsonShape INT = new Leaf("an int");
  public static final JsonShape LONG = new Leaf("a long");
  public static final JsonShape DOUBLE = new Leaf("a number");
  public static final JsonShape BOOLEAN = new Leaf("a boolean");
  public static final JsonShape NUMBER = new Leaf("a number");

  // The list and map shapes of this shape, made on first use: generated code asks for its field's
  // shape on every build. A race may make two equal shapes, which is harmless.
  private JsonShape listOfThis;
  private JsonShape mapOfThis;

  public static JsonShape list(JsonShape elements) {
    JsonShape shape = elements.listOfThis;
    if (shape == null) {
      shape = new ListShape(elements);
      elements.listOfThis = shape;
    }
    return shape;
  }

  public static JsonShape map(JsonShape values) {
    JsonShape shape = values.mapOfThis;
    if (shape == null) {
      shape = new MapShape(values);
      values.mapOfThis = shape;
    }
    return shape;
  }

  private JsonShape() {}

  /**
   * A checked, deeply unmodifiable copy of {@code value}. {@code path} names it in errors; it is
   * null for an element of a container, whose path is only spelled out if there is an error.
   */
  abstract Object copy(OpType<?> op, String path, Object value);

  abstract String describe();

  final RuntimeException mismatch(OpType<?> op, String path, Object value) {
    return problem(op, path, ": expected " + describe() + ", got " + Values.describe(value));
  }

  /** {@code op.path: problem}; for an element (null path), a {@link Misfit} for its container to finish. */
  static RuntimeException problem(OpType<?> op, String path, String problem) {
    return path != null ? new OpValidationException(op.wireName() + "." + path + problem) : new Misfit(problem);
  }

  /**
   * The error of an element, on its way up to the field's level: each container it passes adds
   * the element's place ({@code [2]}, {@code ["key"]}), and the first one that knows its own path
   * turns it into the OpValidationException. Building every element's path up front was most of
   * the cost of copying small lists.
   */
  private static final class Misfit extends RuntimeException {
    private final String problem;
    private String place = "";

    Misfit(String problem) {
      super(problem, null, false, false); // control flow only: no stack trace
      this.problem = problem;
    }

    /** This error as seen by the container at {@code path} (null if it is an element itself). */
    RuntimeException in(OpType<?> op, String path, String elementPlace) {
      place = elementPlace + place;
      return path == null ? this : new OpValidationException(op.wireName() + "." + path + place + problem);
    }
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
        throw problem(op, path, ": an op inside a parameter is not a graph edge;"
            + " declare an input field of an op type instead");
      }
      throw problem(op, path, ": " + Values.describe(value)
          + " is not JSON-like; use null, String, Number, Boolean, List or Map<String, ...>");
    }
  }

  static final JsonShape LIST_OF_ANY = list(ANY);
  static final JsonShape MAP_OF_ANY = map(ANY);

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
      if (value instanceof JsonList && ((JsonList) value).shape == this) {
        return value; // checked against this very shape when it was made, and immutable
      }
      if (!(value instanceof Collection)) {
        throw mismatch(op, path, value);
      }
      Object[] copy = ((Collection<?>) value).toArray(); // a new array, converted in place
      for (int i = 0; i < copy.length; i++) {
        try {
          copy[i] = elements.copy(op, null, copy[i]);
        } catch (Misfit misfit) {
          throw misfit.in(op, path, "[" + i + "]");
        }
      }
      return new JsonList(this, copy);
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
      if (value instanceof JsonMap && ((JsonMap) value).shape == this) {
        return value; // checked against this very shape when it was made, and immutable
      }
      if (!(value instanceof Map)) {
        throw mismatch(op, path, value);
      }
      String[] keys;
      Object[] copies;
      if (value instanceof JsonMap) { // another shape's, or JsonReader's: walked without entries
        JsonMap source = (JsonMap) value;
        keys = new String[source.size()];
        copies = new Object[keys.length];
        for (int i = 0; i < keys.length; i++) {
          keys[i] = source.key(i);
          copies[i] = copyValue(op, path, keys[i], source.value(i));
        }
      } else {
        Object[] entries = Values.inStableOrder((Map<?, ?>) value).toArray();
        keys = new String[entries.length];
        copies = new Object[entries.length];
        for (int i = 0; i < entries.length; i++) {
          Map.Entry<?, ?> entry = (Map.Entry<?, ?>) entries[i];
          if (!(entry.getKey() instanceof String)) {
            throw problem(op, path, ": map keys must be strings, got " + Values.describe(entry.getKey()));
          }
          keys[i] = (String) entry.getKey();
          copies[i] = copyValue(op, path, keys[i], entry.getValue());
        }
      }
      return new JsonMap(this, keys, copies);
    }

    private Object copyValue(OpType<?> op, String path, String key, Object value) {
      try {
        return values.copy(op, null, value);
      } catch (Misfit misfit) {
        throw misfit.in(op, path, "[\"" + key + "\"]");
      }
    }
  }
}
