package krnel.graph;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON text into plain Java values, for graph JSON: values equal to those that {@link
 * GraphJsonReader#toJava} makes of Jackson's tree, without the tree. Objects become maps in text
 * order and arrays lists, both immutable and of the classes that op parameters use ({@link
 * JsonMap}, {@link JsonList}); ints become Integer, Long or BigInteger by size, other numbers
 * Double ({@code NaN}, {@code Infinity} and {@code -Infinity} included, as Python writes them).
 *
 * <p>It reads plain JSON as Python's {@code json.dumps} writes it, and gives up on anything else:
 * invalid JSON, and valid but unusual text (characters beyond U+00FF, deep nesting, long numbers
 * or names, other spellings of non-numbers, an object key that repeats or holds escapes). Then
 * {@link #read} returns {@link #NOT_READ} and the caller asks Jackson, which reads the text or says
 * what is wrong with it; so every error message stays Jackson's.
 *
 * <p>Equal strings of one text are one String instance: a uuid appears once as a node's key and
 * again wherever the node is an input.
 */
final class JsonReader {
  /** What {@link #read} returns for text it leaves to Jackson. */
  static final Object NOT_READ = new Object();

  // Well inside Jackson's own limits (nesting depth, number length, name length), so that text
  // beyond them reaches Jackson and fails there, with its message.
  private static final int MAX_DEPTH = 64;
  private static final int MAX_NUMBER = 100;
  private static final int MAX_NAME = 1000;

  /** Thrown to give up; made once, without a stack trace: it is control flow, not an error. */
  private static final RuntimeException GIVE_UP = new RuntimeException("not plain JSON", null, false, false) {};

  /** Eight bytes of the text at once, for {@link #hash}. */
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] text; // ISO-8859-1: one byte per character
  private int at;
  private Object[] members = new Object[64]; // of the objects and arrays being read, innermost on top
  private int top;
  private String[] strings; // open addressing; see string(int, int)
  private int[] stringStarts; // where each of strings was first seen in text
  private int stringCount;

  private JsonReader(byte[] text) {
    this.text = text;
    // Room for a distinct string every 32 bytes (graph JSON has one in about every 60), so that
    // the table seldom grows.
    int capacity = Integer.highestOneBit(Math.min(Math.max(text.length / 16, 32), 1 << 16)) * 2;
    strings = new String[capacity];
    stringStarts = new int[capacity];
  }

  /** The value of the whole text, or {@link #NOT_READ}. */
  static Object read(String text) {
    byte[] latin1 = text.getBytes(StandardCharsets.ISO_8859_1);
    if (!new String(latin1, StandardCharsets.ISO_8859_1).equals(text)) {
      return NOT_READ; // a character beyond U+00FF (Python escapes those)
    }
    JsonReader reader = new JsonReader(latin1);
    try {
      Object value = reader.value(0);
      reader.skipSpace();
      return reader.at == latin1.length ? value : NOT_READ;
    } catch (RuntimeException e) {
      if (e != GIVE_UP) {
        throw e;
      }
      return NOT_READ;
    }
  }

  private Object value(int depth) {
    skipSpace();
    switch (peek()) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      case 'N':
        return literal("NaN", Double.NaN);
      case 'I':
        return literal("Infinity", Double.POSITIVE_INFINITY);
      case '-':
        return at + 1 < text.length && text[at + 1] == 'I'
            ? literal("-Infinity", Double.NEGATIVE_INFINITY) : number();
      default:
        return number();
    }
  }

  private Map<String, Object> object(int depth) {
    if (depth > MAX_DEPTH) {
      throw GIVE_UP;
    }
    at++; // {
    int base = top; // members go on the stack as key, value, key, value...
    skipSpace();
    if (peek() != '}') {
      while (true) {
        skipSpace();
        if (peek() != '"') {
          throw GIVE_UP;
        }
        int start = at;
        String key = string();
        // Keys with escapes are not shared (interned), so a repeat could go unseen; and they are rare.
        if (key.length() > MAX_NAME || at - start != key.length() + 2) {
          throw GIVE_UP;
        }
        if (top - base < 2 * JsonMap.SCANNED) { // larger maps: JsonMap's index finds repeats
          for (int i = base; i < top; i += 2) {
            if (members[i] == key) {
              throw GIVE_UP; // repeated: Jackson keeps the first place and the last value
            }
          }
        }
        skipSpace();
        expect(':');
        push(key);
        push(value(depth));
        skipSpace();
        if (peek() == '}') {
          break;
        }
        expect(',');
      }
    }
    at++; // }
    String[] keys = new String[(top - base) / 2];
    Object[] values = new Object[keys.length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = (String) members[base + 2 * i];
      values[i] = members[base + 2 * i + 1];
    }
    pop(base);
    try {
      return new JsonMap(JsonShape.MAP_OF_ANY, keys, values);
    } catch (IllegalArgumentException repeatedKey) { // in a larger object
      throw GIVE_UP;
    }
  }

  private List<Object> array(int depth) {
    if (depth > MAX_DEPTH) {
      throw GIVE_UP;
    }
    at++; // [
    int base = top;
    skipSpace();
    if (peek() != ']') {
      while (true) {
        push(value(depth));
        skipSpace();
        if (peek() == ']') {
          break;
        }
        expect(',');
      }
    }
    at++; // ]
    Object[] elements = Arrays.copyOfRange(members, base, top);
    pop(base);
    return new JsonList(JsonShape.LIST_OF_ANY, elements);
  }

  private void push(Object member) {
    if (top == members.length) {
      members = Arrays.copyOf(members, 2 * top);
    }
    members[top++] = member;
  }

  /** Takes the stack back down to {@code base}, letting go of what was above it. */
  private void pop(int base) {
    Arrays.fill(members, base, top, null);
    top = base;
  }

  private String string() {
    int start = ++at; // after the opening quote
    int end = stringEnd(start);
    if (text[end] == '"') {
      at = end + 1;
      return string(start, end);
    }
    if (text[end] == '\\') {
      at = end;
      return escaped(start);
    }
    throw GIVE_UP; // a control character: JSON wants it escaped
  }

  /** The position of the first quote, backslash or control character from {@code from}. */
  private int stringEnd(int from) {
    for (int i = from; i < text.length; i++) {
      byte c = text[i];
      if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) { // bytes from 0x80 are negative
        return i;
      }
    }
    throw GIVE_UP; // no closing quote
  }

  /** The rest of a string that holds escapes, from its first backslash. */
  private String escaped(int start) {
    StringBuilder out = new StringBuilder(2 * (at - start) + 16);
    for (int i = start; i < at; i++) {
      out.append(latin1(text[i]));
    }
    while (true) {
      char c = latin1(peek());
      at++;
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw GIVE_UP;
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char escape = latin1(peek());
      at++;
      switch (escape) {
        case '"', '\\', '/' -> out.append(escape);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          int code = 0;
          for (int i = 0; i < 4; i++) {
            char digit = latin1(peek());
            if (isDigit(digit)) {
              code = 16 * code + (digit - '0');
            } else if (digit >= 'a' && digit <= 'f' || digit >= 'A' && digit <= 'F') {
              code = 16 * code + (digit | 0x20) - 'a' + 10;
            } else {
              throw GIVE_UP;
            }
            at++;
          }
          out.append((char) code);
        }
        default -> throw GIVE_UP;
      }
    }
  }

  private static char latin1(byte b) {
    return (char) (b & 0xFF);
  }

  /**
   * The text from {@code start} to {@code end} as a String, the same instance for equal text. The
   * table is keyed by the length and the last eight characters: enough to spread uuids, which end
   * in 64 hex digits, without reading them whole.
   */
  private String string(int start, int end) {
    int length = end - start;
    int mask = strings.length - 1;
    for (int i = hash(start, end) & mask; ; i = (i + 1) & mask) {
      String s = strings[i];
      if (s == null) {
        s = latin1String(start, length);
        strings[i] = s;
        stringStarts[i] = start;
        if (++stringCount * 2 > strings.length) {
          rehash();
        }
        return s;
      }
      int seen = stringStarts[i];
      if (s.length() == length && Arrays.equals(text, seen, seen + length, text, start, end)) {
        return s;
      }
    }
  }

  /**
   * A String of ISO-8859-1 bytes: each byte is the character (the high byte is 0). This is the
   * constructor's shortest path to a compact String; the Charset one weighs which charset it has.
   */
  @SuppressWarnings("deprecation")
  private String latin1String(int start, int length) {
    return new String(text, 0, start, length);
  }

  private int hash(int start, int end) {
    int length = end - start;
    // The last eight bytes as a little-endian long, read at once; of a shorter string, its bytes
    // alone (in the low bytes, the first lowest), however it is read.
    long last;
    if (length >= 8) {
      last = (long) LONGS.get(text, end - 8);
    } else if (length > 0 && end >= 8) {
      last = (long) LONGS.get(text, end - 8) >>> (64 - 8 * length);
    } else {
      last = 0;
      for (int i = start; i < end; i++) {
        last |= (long) (text[i] & 0xFF) << (8 * (i - start));
      }
    }
    long h = (31 * length + last) * 0x9E3779B97F4A7C15L; // spread the bits; the table uses the low ones
    return (int) (h ^ (h >>> 32));
  }

  private void rehash() {
    String[] oldStrings = strings;
    int[] oldStarts = stringStarts;
    strings = new String[2 * oldStrings.length];
    stringStarts = new int[strings.length];
    int mask = strings.length - 1;
    for (int j = 0; j < oldStrings.length; j++) {
      String s = oldStrings[j];
      if (s != null) {
        int i = hash(oldStarts[j], oldStarts[j] + s.length()) & mask;
        while (strings[i] != null) {
          i = (i + 1) & mask;
        }
        strings[i] = s;
        stringStarts[i] = oldStarts[j];
      }
    }
  }

  /** A number as {@link GraphJsonReader#toJava} has it; the grammar is JSON's. */
  private Object number() {
    int start = at;
    if (peek() == '-') {
      at++;
    }
    if (peek() == '0') {
      at++; // a leading zero stands alone
    } else {
      digits();
    }
    boolean integral = true;
    if (at < text.length && text[at] == '.') {
      at++;
      digits();
      integral = false;
    }
    if (at < text.length && (text[at] == 'e' || text[at] == 'E')) {
      at++;
      if (peek() == '+' || peek() == '-') {
        at++;
      }
      digits();
      integral = false;
    }
    if (at - start > MAX_NUMBER) {
      throw GIVE_UP;
    }
    String token = latin1String(start, at - start);
    if (!integral) {
      return Double.parseDouble(token);
    }
    if (at - start <= 18) {
      long value = Long.parseLong(token);
      return value == (int) value ? (Object) (int) value : (Object) value;
    }
    BigInteger big = new BigInteger(token);
    return big.bitLength() < 64 ? (Object) big.longValue() : big;
  }

  /** One or more digits. */
  private void digits() {
    if (!isDigit(peek())) {
      throw GIVE_UP;
    }
    while (at < text.length && isDigit(text[at])) {
      at++;
    }
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private Object literal(String word, Object value) {
    if (at + word.length() > text.length) {
      throw GIVE_UP;
    }
    for (int i = 0; i < word.length(); i++) {
      if (text[at + i] != word.charAt(i)) {
        throw GIVE_UP;
      }
    }
    at += word.length();
    return value;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw GIVE_UP;
    }
    at++;
  }

  /** The byte at the reading position; at the end of the text, give up. */
  private byte peek() {
    if (at >= text.length) {
      throw GIVE_UP;
    }
    return text[at];
  }

  /** JSON's whitespace: space, tab, newline, carriage return. */
  private void skipSpace() {
    while (at < text.length) {
      byte c = text[at];
      if (c > ' ' || c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return; // most often the first test: a token follows at once
      }
      at++;
    }
  }
}
