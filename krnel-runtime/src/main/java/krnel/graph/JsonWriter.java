package krnel.graph;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A streaming writer of the exact text Python's {@code json.dumps} produces, so that canonical
 * JSON hashes to the same op uuids in Java and in Python.
 *
 * <p>{@link #canonical()} matches {@code json.dumps(obj, sort_keys=True)}; {@link #pretty()}
 * matches {@code json.dumps(obj, indent=2)}. Both escape like {@code ensure_ascii=True}: every
 * UTF-16 unit outside {@code 0x20..0x7E} becomes <code>&#92;uXXXX</code> (lowercase hex, a
 * supplementary character as its surrogate pair), except the short escapes {@code \" \\ \n \r
 * \t \b \f}.
 *
 * <p>The streaming methods write keys in the order they are called; only maps handed to {@link
 * #json(Object)} and {@link #opMap(Map)} are sorted, and only by the canonical writer. Misuse
 * (a value inside an object without {@link #name}, unbalanced ends, a second top-level value)
 * throws {@link IllegalStateException}.
 */
public final class JsonWriter {

  // Container states, one per open container on the stack; the bottom entry is the document.
  private static final byte EMPTY_DOCUMENT = 0;
  private static final byte NONEMPTY_DOCUMENT = 1;
  private static final byte EMPTY_ARRAY = 2;
  private static final byte NONEMPTY_ARRAY = 3;
  private static final byte EMPTY_OBJECT = 4;
  private static final byte NONEMPTY_OBJECT = 5;
  private static final byte DANGLING_NAME = 6; // in an object, after name(), before its value

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * Python orders str keys by code point. String.compareTo compares UTF-16 units, which puts a
   * supplementary character (surrogates 0xD800..0xDFFF) before U+E000..U+FFFF, e.g. before
   * U+FFFD; Python puts it after. Only the first differing position matters.
   */
  static final Comparator<String> CODE_POINT_ORDER =
      (a, b) -> {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
          char ca = a.charAt(i);
          char cb = b.charAt(i);
          if (ca != cb) {
            // If a differing low surrogate completes a pair begun at i-1 (same in both), the code
            // points being compared start at i-1.
            int j =
                i > 0
                        && Character.isHighSurrogate(a.charAt(i - 1))
                        && (Character.isLowSurrogate(ca) || Character.isLowSurrogate(cb))
                    ? i - 1
                    : i;
            return Integer.compare(a.codePointAt(j), b.codePointAt(j));
          }
        }
        return Integer.compare(a.length(), b.length());
      };

  private final StringBuilder out = new StringBuilder(256);
  private final boolean indent;
  private final boolean sortKeys;
  private final String itemSeparator;
  private byte[] stack = new byte[16];
  private int depth;

  private JsonWriter(boolean indent, boolean sortKeys) {
    this.indent = indent;
    this.sortKeys = sortKeys;
    // json.dumps uses ", " without indent and "," (then a newline) with it.
    this.itemSeparator = indent ? "," : ", ";
    stack[depth++] = EMPTY_DOCUMENT;
  }

  /** A writer matching {@code json.dumps(obj, sort_keys=True)}: one line, ", " and ": ". */
  public static JsonWriter canonical() {
    return new JsonWriter(false, true);
  }

  /**
   * A writer matching {@code json.dumps(obj, indent=2)}: keys in insertion order, two-space
   * indent, {@code {}} and {@code []} for empty containers.
   */
  public static JsonWriter pretty() {
    return new JsonWriter(true, false);
  }

  /** Empties the writer for another document, keeping its buffer. */
  void reset() {
    out.setLength(0);
    depth = 0;
    stack[depth++] = EMPTY_DOCUMENT;
  }

  /** Opens an object; write its members with {@link #name} and a value each. */
  public JsonWriter beginObject() {
    beforeValue();
    out.append('{');
    push(EMPTY_OBJECT);
    return this;
  }

  /** Closes the innermost object. */
  public JsonWriter endObject() {
    return close(EMPTY_OBJECT, NONEMPTY_OBJECT, '}');
  }

  /** Opens an array. */
  public JsonWriter beginArray() {
    beforeValue();
    out.append('[');
    push(EMPTY_ARRAY);
    return this;
  }

  /** Closes the innermost array. */
  public JsonWriter endArray() {
    return close(EMPTY_ARRAY, NONEMPTY_ARRAY, ']');
  }

  /** Writes a member name inside an object; the next call must write its value. */
  public JsonWriter name(String key) {
    if (key == null) {
      throw new NullPointerException("JSON object key is null");
    }
    byte top = stack[depth - 1];
    if (top == NONEMPTY_OBJECT) {
      out.append(itemSeparator);
    } else if (top != EMPTY_OBJECT) {
      throw new IllegalStateException("name(\"" + key + "\") outside an object or after a name");
    }
    newline();
    string(key);
    out.append(": ");
    stack[depth - 1] = DANGLING_NAME;
    return this;
  }

  /** Writes a string, or {@code null} for null. */
  public JsonWriter value(String s) {
    if (s == null) {
      return nullValue();
    }
    beforeValue();
    string(s);
    return this;
  }

  /** Writes an integer. */
  public JsonWriter value(long v) {
    beforeValue();
    out.append(v);
    return this;
  }

  /** Writes a float as Python's {@code repr} does ({@code NaN}, {@code Infinity} included). */
  public JsonWriter value(double v) {
    beforeValue();
    PythonFloat.appendRepr(out, v);
    return this;
  }

  /** Writes {@code true} or {@code false}. */
  public JsonWriter value(boolean v) {
    beforeValue();
    out.append(v ? "true" : "false");
    return this;
  }

  /** Writes {@code null}. */
  public JsonWriter nullValue() {
    beforeValue();
    out.append("null");
    return this;
  }

  /**
   * Writes a number: Byte, Short, Integer, Long and BigInteger as Python ints; Float, Double and
   * BigDecimal as Python floats (through {@code doubleValue()}); null as {@code null}.
   *
   * @throws IllegalArgumentException for any other Number class
   */
  public JsonWriter value(Number n) {
    if (n == null) {
      return nullValue();
    }
    if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return value(n.longValue());
    }
    if (n instanceof Double || n instanceof Float || n instanceof BigDecimal) {
      return value(n.doubleValue());
    }
    if (n instanceof BigInteger) {
      beforeValue();
      out.append(n);
      return this;
    }
    throw new IllegalArgumentException("cannot write number of class " + n.getClass().getName());
  }

  /** Writes an op reference as its uuid string, or {@code null} for null. */
  public JsonWriter op(OpSpec op) {
    return value(op == null ? null : op.uuid());
  }

  /** Writes an array of op uuids, in list order; a null element is written as {@code null}. */
  public JsonWriter ops(List<? extends OpSpec> ops) {
    beginArray();
    for (OpSpec op : ops) {
      op(op);
    }
    return endArray();
  }

  /** Writes an object of op uuids; keys sorted by code point when this writer sorts keys. */
  public JsonWriter opMap(Map<String, ? extends OpSpec> ops) {
    beginObject();
    for (Map.Entry<?, ?> e : entries(ops)) {
      name((String) e.getKey());
      op((OpSpec) e.getValue());
    }
    return endObject();
  }

  /**
   * Writes a JSON-like Java value: null, String, Boolean, Number (see {@link #value(Number)}),
   * Character (as a one-character string), OpSpec (as its uuid), Collection (as an array, in
   * iteration order) and Map with String keys (as an object; keys sorted by code point when this
   * writer sorts keys). Recurses into containers; cyclic containers overflow the stack.
   *
   * @throws IllegalArgumentException for enums (write their wire value explicitly), non-String
   *     map keys, and any other class
   */
  public JsonWriter json(Object value) {
    if (value == null) {
      return nullValue();
    }
    if (value instanceof Enum<?> e) {
      throw new IllegalArgumentException(
          "enum "
              + e.getDeclaringClass().getName()
              + "."
              + e.name()
              + " has no JSON form; write its wire value explicitly");
    }
    if (value instanceof String s) {
      return value(s);
    }
    if (value instanceof Boolean b) {
      return value(b.booleanValue());
    }
    if (value instanceof Number n) {
      return value(n);
    }
    if (value instanceof Character c) {
      return value(c.toString());
    }
    if (value instanceof OpSpec op) {
      return op(op);
    }
    if (value instanceof Map<?, ?> map) {
      beginObject();
      for (Map.Entry<?, ?> e : entries(map)) {
        name((String) e.getKey());
        json(e.getValue());
      }
      return endObject();
    }
    if (value instanceof Collection<?> c) {
      beginArray();
      for (Object o : c) {
        json(o);
      }
      return endArray();
    }
    throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
  }

  /** The JSON text written so far. */
  @Override
  public String toString() {
    return out.toString();
  }

  // ------------------------------------------------------------------ internals

  /** The map's entries, keys checked to be Strings, sorted by code point if this writer sorts. */
  private Map.Entry<?, ?>[] entries(Map<?, ?> map) {
    Map.Entry<?, ?>[] es = map.entrySet().toArray(new Map.Entry<?, ?>[0]);
    for (Map.Entry<?, ?> e : es) {
      if (!(e.getKey() instanceof String)) {
        Object k = e.getKey();
        throw new IllegalArgumentException(
            "JSON object keys must be Strings, got "
                + (k == null ? "null" : k.getClass().getName()));
      }
    }
    if (sortKeys && es.length > 1) {
      Arrays.sort(es, (x, y) -> CODE_POINT_ORDER.compare((String) x.getKey(), (String) y.getKey()));
    }
    return es;
  }

  /** Writes the separator and indentation a value needs at the current position. */
  private void beforeValue() {
    switch (stack[depth - 1]) {
      case EMPTY_DOCUMENT -> stack[depth - 1] = NONEMPTY_DOCUMENT;
      case EMPTY_ARRAY -> {
        stack[depth - 1] = NONEMPTY_ARRAY;
        newline();
      }
      case NONEMPTY_ARRAY -> {
        out.append(itemSeparator);
        newline();
      }
      case DANGLING_NAME -> stack[depth - 1] = NONEMPTY_OBJECT;
      case NONEMPTY_DOCUMENT -> throw new IllegalStateException("JSON text already has a value");
      default -> throw new IllegalStateException("a value inside an object needs name() first");
    }
  }

  private JsonWriter close(byte empty, byte nonEmpty, char bracket) {
    byte top = stack[depth - 1];
    if (top != empty && top != nonEmpty) {
      throw new IllegalStateException(
          "cannot close with '"
              + bracket
              + "' here"
              + (top == DANGLING_NAME ? " (a name has no value)" : ""));
    }
    depth--;
    if (top == nonEmpty) {
      newline(); // the closing bracket goes on its own line at the parent's indent
    }
    out.append(bracket);
    return this;
  }

  private void push(byte state) {
    if (depth == stack.length) {
      stack = Arrays.copyOf(stack, depth * 2);
    }
    stack[depth++] = state;
  }

  /** With indent: a newline and two spaces per open container (the document is not one). */
  private void newline() {
    if (indent) {
      out.append('\n');
      for (int i = 1; i < depth; i++) {
        out.append("  ");
      }
    }
  }

  /** A quoted string escaped as json.dumps does with ensure_ascii=True. */
  private void string(String s) {
    out.append('"');
    int n = s.length();
    int first = 0;
    while (first < n && isPlain(s.charAt(first))) {
      first++;
    }
    if (first == n) {
      out.append(s).append('"'); // the common case, copied in one block
      return;
    }
    out.append(s, 0, first);
    int start = first;
    for (int i = first; i < n; i++) {
      char c = s.charAt(i);
      if (isPlain(c)) {
        continue; // printable ASCII, copied in runs
      }
      out.append(s, start, i);
      start = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> // includes DEL (0x7F) and each half of a surrogate pair
            out.append("\\u")
                .append(HEX[c >> 12])
                .append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF])
                .append(HEX[c & 0xF]);
      }
    }
    out.append(s, start, n).append('"');
  }

  /** Printable ASCII other than the quote and the backslash: written as is. */
  private static boolean isPlain(char c) {
    return c >= 0x20 && c <= 0x7E && c != '"' && c != '\\';
  }
}
