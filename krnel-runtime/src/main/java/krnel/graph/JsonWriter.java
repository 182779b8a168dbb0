package krnel.graph;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;

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

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** The characters written as they are (see {@link #isPlain(char)}), by code. */
  private static final boolean[] PLAIN = new boolean[128];

  static {
    for (char c = 0x20; c <= 0x7E; c++) {
      PLAIN[c] = c != '"' && c != '\\';
    }
  }

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

  /** A buffer held past {@link #reset} only up to this size, so one huge document does not pin it. */
  private static final int KEPT_BUFFER = 1 << 16;

  // The text written so far. Both styles escape every character outside printable ASCII, so the
  // text is pure ASCII: one byte per character, which is also its UTF-8 and ISO-8859-1 encoding.
  private byte[] out = new byte[256];
  private int size;
  private final boolean indent;
  private final boolean sortKeys;
  private byte[] stack = new byte[16];
  private int depth;
  private StringBuilder floats; // scratch for PythonFloat, made on first use

  private JsonWriter(boolean indent, boolean sortKeys) {
    this.indent = indent;
    this.sortKeys = sortKeys;
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

  /**
   * A string rendered once as JSON text, quoted and escaped, for names and values written again
   * and again: each generated op keeps one per canonical key, so writing a key copies its bytes
   * instead of checking every character. See {@link #key(Literal)} and {@link #value(Literal)}.
   */
  public static final class Literal {
    private final String text;
    private final byte[] json;

    private Literal(String text) {
      this.text = text;
      JsonWriter rendered = canonical();
      rendered.string(text);
      this.json = Arrays.copyOf(rendered.out, rendered.size);
    }

    /** The string itself, unquoted. */
    @Override
    public String toString() {
      return text;
    }
  }

  /** {@code text} rendered for {@link #key(Literal)} and {@link #value(Literal)}. */
  public static Literal literal(String text) {
    return new Literal(Objects.requireNonNull(text, "text"));
  }

  /** Empties the writer for another document, keeping its buffer. */
  void reset() {
    if (out.length > KEPT_BUFFER) {
      out = new byte[256];
    }
    size = 0;
    depth = 0;
    stack[depth++] = EMPTY_DOCUMENT;
  }

  /** Opens an object; write its members with {@link #name} and a value each. */
  public JsonWriter beginObject() {
    beforeValue();
    ascii('{');
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
    ascii('[');
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
    beforeName(key);
    string(key);
    return afterName();
  }

  /**
   * {@link #name(String)} with a name rendered beforehand. (Not an overload of name: {@code
   * name(null)} would become ambiguous.)
   */
  public JsonWriter key(Literal key) {
    beforeName(key.text);
    raw(key.json);
    return afterName();
  }

  private void beforeName(String key) {
    byte top = stack[depth - 1];
    if (top == NONEMPTY_OBJECT) {
      separator();
    } else if (top != EMPTY_OBJECT) {
      throw new IllegalStateException("name(\"" + key + "\") outside an object or after a name");
    }
    newline();
  }

  private JsonWriter afterName() {
    ensure(2);
    out[size++] = ':';
    out[size++] = ' ';
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

  /** {@link #value(String)} with a string rendered beforehand. */
  public JsonWriter value(Literal s) {
    beforeValue();
    raw(s.json);
    return this;
  }

  /** Writes an integer. */
  public JsonWriter value(long v) {
    beforeValue();
    if (v == Long.MIN_VALUE) {
      ascii("-9223372036854775808"); // the one long whose negation overflows
      return this;
    }
    ensure(20);
    if (v < 0) {
      out[size++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long rest = v / 10; rest != 0; rest /= 10) {
      digits++;
    }
    size += digits;
    for (int at = size - 1; at >= size - digits; at--) {
      out[at] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return this;
  }

  /** Writes a float as Python's {@code repr} does ({@code NaN}, {@code Infinity} included). */
  public JsonWriter value(double v) {
    beforeValue();
    if (floats == null) {
      floats = new StringBuilder(24);
    }
    floats.setLength(0);
    ascii(PythonFloat.appendRepr(floats, v));
    return this;
  }

  /** Writes {@code true} or {@code false}. */
  public JsonWriter value(boolean v) {
    beforeValue();
    ascii(v ? "true" : "false");
    return this;
  }

  /** Writes {@code null}. */
  public JsonWriter nullValue() {
    beforeValue();
    ascii("null");
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
      ascii(n.toString());
      return this;
    }
    throw new IllegalArgumentException("cannot write number of class " + n.getClass().getName());
  }

  /** Writes an op reference as its uuid string, or {@code null} for null. */
  public JsonWriter op(OpSpec op) {
    if (op == null) {
      return nullValue();
    }
    String uuid = op.uuid();
    beforeValue();
    // Most of canonical JSON is input uuids: copied in one block when known to need no escape.
    if (op instanceof AbstractOp && ((AbstractOp) op).isPlainUuid()) {
      ensure(uuid.length() + 2);
      out[size++] = '"';
      ascii(uuid);
      out[size++] = '"';
    } else {
      string(uuid);
    }
    return this;
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
    // Op parameters first: exact class checks, arrays walked directly. (Interface checks such as
    // instanceof Map are slower, as they search the class's list of interfaces.)
    if (value instanceof JsonList list) {
      beginArray();
      for (int i = 0; i < list.size(); i++) {
        json(list.get(i));
      }
      return endArray();
    }
    if (value instanceof JsonMap map) {
      beginObject();
      for (int i = 0; i < map.size(); i++) {
        name(sortKeys ? map.sortedKey(i) : map.key(i));
        json(sortKeys ? map.sortedValue(i) : map.value(i));
      }
      return endObject();
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
      if (inWritingOrder(map)) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
          name((String) e.getKey());
          json(e.getValue());
        }
      } else {
        for (Map.Entry<?, ?> e : entries(map)) {
          name((String) e.getKey());
          json(e.getValue());
        }
      }
      return endObject();
    }
    if (value instanceof List<?> list && value instanceof RandomAccess) {
      beginArray();
      for (int i = 0; i < list.size(); i++) {
        json(list.get(i)); // no iterator to allocate
      }
      return endArray();
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
    return new String(out, 0, size, StandardCharsets.ISO_8859_1);
  }

  /** Feeds the text written so far to {@code digest}, without making a String of it. */
  void update(MessageDigest digest) {
    digest.update(out, 0, size);
  }

  // ------------------------------------------------------------------ internals

  /**
   * Whether the map's own order is the order to write it in: String keys, already sorted if this
   * writer sorts. Ops keep unordered maps sorted ({@link Values#inStableOrder}), so canonical
   * JSON of op parameters rarely needs to sort.
   */
  private boolean inWritingOrder(Map<?, ?> map) {
    String previous = null;
    for (Object key : map.keySet()) {
      if (!(key instanceof String)) {
        return false; // entries() reports it
      }
      if (sortKeys && previous != null && CODE_POINT_ORDER.compare(previous, (String) key) > 0) {
        return false;
      }
      previous = (String) key;
    }
    return true;
  }

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
        separator();
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
    ascii(bracket);
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
      ensure(2 * depth - 1);
      out[size++] = '\n';
      for (int i = 1; i < depth; i++) {
        out[size++] = ' ';
        out[size++] = ' ';
      }
    }
  }

  /** A quoted string escaped as json.dumps does with ensure_ascii=True. */
  private void string(String s) {
    int n = s.length();
    ensure(n + 2);
    byte[] b = out;
    int at = size;
    b[at++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (!isPlain(c)) {
        size = at;
        escaped(s, i);
        return;
      }
      b[at++] = (byte) c; // the common case: printable ASCII, one byte each
    }
    b[at++] = '"';
    size = at;
  }

  /** The rest of {@link #string} from the first character that needs an escape, and the closing quote. */
  private void escaped(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      ensure(6);
      if (isPlain(c)) {
        out[size++] = (byte) c;
        continue;
      }
      out[size++] = '\\';
      switch (c) {
        case '"' -> out[size++] = '"';
        case '\\' -> out[size++] = '\\';
        case '\n' -> out[size++] = 'n';
        case '\r' -> out[size++] = 'r';
        case '\t' -> out[size++] = 't';
        case '\b' -> out[size++] = 'b';
        case '\f' -> out[size++] = 'f';
        default -> { // includes DEL (0x7F) and each half of a surrogate pair
          out[size++] = 'u';
          out[size++] = HEX[c >> 12];
          out[size++] = HEX[(c >> 8) & 0xF];
          out[size++] = HEX[(c >> 4) & 0xF];
          out[size++] = HEX[c & 0xF];
        }
      }
    }
    ensure(1);
    out[size++] = '"';
  }

  /** Whether {@code s} needs no escape. */
  static boolean isPlain(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isPlain(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** json.dumps uses ", " without indent and "," (then a newline) with it. */
  private void separator() {
    ensure(2);
    out[size++] = ',';
    if (!indent) {
      out[size++] = ' ';
    }
  }

  private void raw(byte[] json) {
    ensure(json.length);
    System.arraycopy(json, 0, out, size, json.length);
    size += json.length;
  }

  private void ascii(char c) {
    ensure(1);
    out[size++] = (byte) c;
  }

  /**
   * Appends text known to be ASCII (punctuation, literals, digits, checked uuids). {@code
   * String.getBytes(int, int, byte[], int)} copies each character's low byte, which for ASCII is
   * the character itself, in one block.
   */
  @SuppressWarnings("deprecation")
  private void ascii(String s) {
    int n = s.length();
    ensure(n);
    if (n < 16) {
      for (int i = 0; i < n; i++) { // short literals: cheaper than the bounds checks of getBytes
        out[size + i] = (byte) s.charAt(i);
      }
    } else {
      s.getBytes(0, n, out, size);
    }
    size += n;
  }

  /** {@link #ascii(String)} for float digits, which come in a StringBuilder. */
  private void ascii(StringBuilder s) {
    ensure(s.length());
    for (int i = 0; i < s.length(); i++) {
      out[size++] = (byte) s.charAt(i);
    }
  }

  private void ensure(int more) {
    if (size + more > out.length) {
      out = Arrays.copyOf(out, Math.max(2 * out.length, size + more));
    }
  }

  /** Printable ASCII other than the quote and the backslash: written as is. */
  private static boolean isPlain(char c) {
    return c < 128 && PLAIN[c];
  }
}
