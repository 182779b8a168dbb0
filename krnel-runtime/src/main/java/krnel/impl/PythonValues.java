package krnel.impl;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import krnel.graph.PythonFloat;

/**
 * Python's {@code str()} and {@code repr()} of JSON-like Java values, and the methods of Python's
 * {@code str} that templates may call: templates written for krnel-graph render the same text.
 */
final class PythonValues {
  private PythonValues() {}

  /** Python's {@code str(value)}: {@code None}, {@code True}, {@code 1.0}, {@code 10}, {@code ['a', 1]}. */
  static String str(Object value) {
    if (value instanceof CharSequence) {
      return value.toString();
    }
    return repr(value);
  }

  /** Python's {@code repr(value)}: strings quoted, containers recursive. */
  static String repr(Object value) {
    StringBuilder out = new StringBuilder();
    appendRepr(out, value);
    return out.toString();
  }

  private static void appendRepr(StringBuilder out, Object value) {
    if (value == null) {
      out.append("None");
    } else if (value instanceof CharSequence || value instanceof Character) {
      appendQuoted(out, value.toString());
    } else if (value instanceof Boolean) {
      out.append((Boolean) value ? "True" : "False");
    } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      out.append(floatRepr(((Number) value).doubleValue()));
    } else if (value instanceof Number) {
      out.append(value);
    } else if (value instanceof Map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        out.append(first ? "" : ", ");
        first = false;
        appendRepr(out, entry.getKey());
        out.append(": ");
        appendRepr(out, entry.getValue());
      }
      out.append('}');
    } else if (value instanceof Collection || value instanceof Object[]) {
      Collection<?> items = value instanceof Object[] ? List.of((Object[]) value) : (Collection<?>) value;
      out.append('[');
      boolean first = true;
      for (Object item : items) {
        out.append(first ? "" : ", ");
        first = false;
        appendRepr(out, item);
      }
      out.append(']');
    } else {
      out.append(value);
    }
  }

  /** Python's {@code repr(float)}: {@code 1.0}, {@code 1e-05}, {@code inf}, {@code nan}. */
  static String floatRepr(double x) {
    if (Double.isNaN(x)) {
      return "nan";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "inf" : "-inf";
    }
    return PythonFloat.repr(x);
  }

  /** A Python string literal: single quotes unless the text has one and no double quote. */
  private static void appendQuoted(StringBuilder out, String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    out.append(quote);
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      if (c == quote || c == '\\') {
        out.append('\\').appendCodePoint(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (isPrintable(c)) {
        out.appendCodePoint(c);
      } else if (c < 0x100) {
        out.append(String.format("\\x%02x", c));
      } else if (c < 0x10000) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.append(String.format("\\U%08x", c));
      }
    }
    out.append(quote);
  }

  /** Python's {@code str.isprintable} for one code point. */
  private static boolean isPrintable(int c) {
    if (c == ' ') {
      return true;
    }
    switch (Character.getType(c)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.SURROGATE:
      case Character.PRIVATE_USE:
      case Character.UNASSIGNED:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
      case Character.SPACE_SEPARATOR:
        return false;
      default:
        return true;
    }
  }

  // ------------------------------------------------------------------ str methods

  /** Python's {@code str.isspace} for one character. */
  static boolean isSpace(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || (c >= 0x1c && c <= 0x1f) || c == 0x85;
  }

  /** The methods of Python's {@code str} that {@link #call} implements. */
  static final java.util.Set<String> STR_METHODS = java.util.Set.of(
      "split", "rsplit", "splitlines", "strip", "lstrip", "rstrip", "lower", "upper", "title", "capitalize",
      "casefold", "swapcase", "startswith", "endswith", "replace", "join", "find", "rfind", "index", "rindex",
      "count", "isdigit", "isdecimal", "isnumeric", "isalpha", "isalnum", "isspace", "islower", "isupper",
      "zfill", "center", "ljust", "rjust", "partition", "rpartition", "removeprefix", "removesuffix");

  /**
   * {@code self.<method>(*args)} with Python's semantics.
   *
   * @throws IllegalArgumentException for a method not in {@link #STR_METHODS}, bad arguments, or
   *     what Python raises (e.g. {@code index} of a missing substring)
   */
  static Object call(String self, String method, Object[] args) {
    Object[] a = args == null ? new Object[0] : args;
    switch (method) {
      case "split":
        return split(self, arg(a, 0, null), intArg(a, 1, -1), false);
      case "rsplit":
        return split(self, arg(a, 0, null), intArg(a, 1, -1), true);
      case "splitlines":
        return splitlines(self, a.length > 0 && truthy(a[0]));
      case "strip":
        return strip(self, arg(a, 0, null), true, true);
      case "lstrip":
        return strip(self, arg(a, 0, null), true, false);
      case "rstrip":
        return strip(self, arg(a, 0, null), false, true);
      case "lower":
      case "casefold":
        return self.toLowerCase(java.util.Locale.ROOT);
      case "upper":
        return self.toUpperCase(java.util.Locale.ROOT);
      case "title":
        return title(self);
      case "capitalize":
        return self.isEmpty() ? self
            : self.substring(0, self.offsetByCodePoints(0, 1)).toUpperCase(java.util.Locale.ROOT)
                + self.substring(self.offsetByCodePoints(0, 1)).toLowerCase(java.util.Locale.ROOT);
      case "swapcase":
        return swapcase(self);
      case "startswith":
        return affix(self, a, true);
      case "endswith":
        return affix(self, a, false);
      case "replace":
        return replace(self, stringArg(a, 0, "old"), stringArg(a, 1, "new"), intArg(a, 2, -1));
      case "join":
        return join(self, a);
      case "find":
        return (long) self.indexOf(stringArg(a, 0, "sub"));
      case "rfind":
        return (long) self.lastIndexOf(stringArg(a, 0, "sub"));
      case "index":
      case "rindex": {
        String sub = stringArg(a, 0, "sub");
        int at = method.equals("index") ? self.indexOf(sub) : self.lastIndexOf(sub);
        if (at < 0) {
          throw new IllegalArgumentException("substring not found");
        }
        return (long) at;
      }
      case "count":
        return count(self, stringArg(a, 0, "sub"));
      case "isdigit":
      case "isdecimal":
      case "isnumeric":
        return !self.isEmpty() && self.codePoints().allMatch(Character::isDigit);
      case "isalpha":
        return !self.isEmpty() && self.codePoints().allMatch(Character::isLetter);
      case "isalnum":
        return !self.isEmpty() && self.codePoints().allMatch(Character::isLetterOrDigit);
      case "isspace":
        return !self.isEmpty() && self.codePoints().allMatch(PythonValues::isSpace);
      case "islower":
        return self.codePoints().anyMatch(Character::isLowerCase) && self.codePoints().noneMatch(Character::isUpperCase);
      case "isupper":
        return self.codePoints().anyMatch(Character::isUpperCase) && self.codePoints().noneMatch(Character::isLowerCase);
      case "zfill":
        return zfill(self, intArg(a, 0, 0));
      case "center":
      case "ljust":
      case "rjust":
        return pad(self, method, intArg(a, 0, 0), a.length > 1 ? stringArg(a, 1, "fillchar") : " ");
      case "partition":
      case "rpartition":
        return partition(self, stringArg(a, 0, "sep"), method.equals("rpartition"));
      case "removeprefix": {
        String prefix = stringArg(a, 0, "prefix");
        return self.startsWith(prefix) ? self.substring(prefix.length()) : self;
      }
      case "removesuffix": {
        String suffix = stringArg(a, 0, "suffix");
        return !suffix.isEmpty() && self.endsWith(suffix) ? self.substring(0, self.length() - suffix.length()) : self;
      }
      default:
        throw new IllegalArgumentException("'str' object has no method '" + method + "'");
    }
  }

  private static boolean truthy(Object value) {
    return value instanceof Boolean ? (Boolean) value : value != null;
  }

  private static String arg(Object[] a, int i, String fallback) {
    if (a.length <= i || a[i] == null) {
      return fallback;
    }
    return a[i].toString();
  }

  private static String stringArg(Object[] a, int i, String name) {
    if (a.length <= i || a[i] == null) {
      throw new IllegalArgumentException("missing argument '" + name + "'");
    }
    return a[i].toString();
  }

  private static int intArg(Object[] a, int i, int fallback) {
    if (a.length <= i || a[i] == null) {
      return fallback;
    }
    if (!(a[i] instanceof Number)) {
      throw new IllegalArgumentException("expected an integer argument, got " + repr(a[i]));
    }
    return ((Number) a[i]).intValue();
  }

  static List<String> split(String s, String sep, int maxsplit, boolean fromRight) {
    List<String> parts = new ArrayList<>();
    if (sep == null) { // runs of whitespace, no empty strings
      List<int[]> words = new ArrayList<>();
      int i = 0;
      while (i < s.length()) {
        while (i < s.length() && isSpace(s.charAt(i))) {
          i++;
        }
        if (i == s.length()) {
          break;
        }
        int start = i;
        while (i < s.length() && !isSpace(s.charAt(i))) {
          i++;
        }
        words.add(new int[] {start, i});
      }
      if (maxsplit < 0 || words.size() <= maxsplit + 1) {
        for (int[] w : words) {
          parts.add(s.substring(w[0], w[1]));
        }
      } else if (!fromRight) {
        for (int k = 0; k < maxsplit; k++) {
          parts.add(s.substring(words.get(k)[0], words.get(k)[1]));
        }
        parts.add(strip(s.substring(words.get(maxsplit)[0]), null, false, true));
      } else {
        int keep = words.size() - maxsplit;
        parts.add(strip(s.substring(0, words.get(keep - 1)[1]), null, true, false));
        for (int k = keep; k < words.size(); k++) {
          parts.add(s.substring(words.get(k)[0], words.get(k)[1]));
        }
      }
      return parts;
    }
    if (sep.isEmpty()) {
      throw new IllegalArgumentException("empty separator");
    }
    if (!fromRight) {
      int start = 0;
      int at;
      while ((maxsplit < 0 || parts.size() < maxsplit) && (at = s.indexOf(sep, start)) >= 0) {
        parts.add(s.substring(start, at));
        start = at + sep.length();
      }
      parts.add(s.substring(start));
      return parts;
    }
    int end = s.length();
    int splits = 0;
    List<String> reversed = new ArrayList<>();
    int at;
    while ((maxsplit < 0 || splits < maxsplit) && end >= sep.length()
        && (at = s.lastIndexOf(sep, end - sep.length())) >= 0) {
      reversed.add(s.substring(at + sep.length(), end));
      end = at;
      splits++;
    }
    reversed.add(s.substring(0, end));
    for (int k = reversed.size() - 1; k >= 0; k--) {
      parts.add(reversed.get(k));
    }
    return parts;
  }

  private static List<String> splitlines(String s, boolean keepends) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      int eol = -1;
      if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
        eol = 2;
      } else if (c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || c == 0x1c || c == 0x1d || c == 0x1e
          || c == 0x85 || c == 0x2028 || c == 0x2029) {
        eol = 1;
      }
      if (eol > 0) {
        lines.add(s.substring(start, keepends ? i + eol : i));
        i += eol;
        start = i;
      } else {
        i++;
      }
    }
    if (start < s.length()) {
      lines.add(s.substring(start));
    }
    return lines;
  }

  static String strip(String s, String chars, boolean left, boolean right) {
    int start = 0;
    int end = s.length();
    if (left) {
      while (start < end && (chars == null ? isSpace(s.charAt(start)) : chars.indexOf(s.charAt(start)) >= 0)) {
        start++;
      }
    }
    if (right) {
      while (end > start && (chars == null ? isSpace(s.charAt(end - 1)) : chars.indexOf(s.charAt(end - 1)) >= 0)) {
        end--;
      }
    }
    return s.substring(start, end);
  }

  private static String title(String s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean previousCased = false;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isLetter(c)) {
        out.appendCodePoint(previousCased ? Character.toLowerCase(c) : Character.toTitleCase(c));
        previousCased = true;
      } else {
        out.appendCodePoint(c);
        previousCased = false;
      }
    }
    return out.toString();
  }

  private static String swapcase(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().forEach(c -> out.appendCodePoint(
        Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.isLowerCase(c) ? Character.toUpperCase(c) : c));
    return out.toString();
  }

  private static boolean affix(String s, Object[] a, boolean prefix) {
    if (a.length == 0 || a[0] == null) {
      throw new IllegalArgumentException("missing argument '" + (prefix ? "prefix" : "suffix") + "'");
    }
    Collection<?> options = a[0] instanceof Collection ? (Collection<?>) a[0] : List.of(a[0]);
    for (Object option : options) {
      String text = String.valueOf(option);
      if (prefix ? s.startsWith(text) : s.endsWith(text)) {
        return true;
      }
    }
    return false;
  }

  private static String replace(String s, String old, String replacement, int count) {
    if (count < 0) {
      return old.isEmpty() ? insertEverywhere(s, replacement, Integer.MAX_VALUE) : s.replace(old, replacement);
    }
    if (old.isEmpty()) {
      return insertEverywhere(s, replacement, count);
    }
    StringBuilder out = new StringBuilder();
    int start = 0;
    int done = 0;
    int at;
    while (done < count && (at = s.indexOf(old, start)) >= 0) {
      out.append(s, start, at).append(replacement);
      start = at + old.length();
      done++;
    }
    return out.append(s.substring(start)).toString();
  }

  private static String insertEverywhere(String s, String insert, int count) {
    StringBuilder out = new StringBuilder();
    int done = 0;
    int i = 0;
    while (i <= s.length()) {
      if (done < count) {
        out.append(insert);
        done++;
      }
      if (i == s.length()) {
        break;
      }
      int c = s.codePointAt(i);
      out.appendCodePoint(c);
      i += Character.charCount(c);
    }
    return out.toString();
  }

  private static String join(String sep, Object[] a) {
    if (a.length == 0 || a[0] == null) {
      throw new IllegalArgumentException("join() takes exactly one argument");
    }
    Iterable<?> items;
    if (a[0] instanceof Iterable) {
      items = (Iterable<?>) a[0];
    } else if (a[0] instanceof Object[]) {
      items = List.of((Object[]) a[0]);
    } else if (a[0] instanceof CharSequence) {
      List<String> chars = new ArrayList<>();
      a[0].toString().codePoints().forEach(c -> chars.add(new String(Character.toChars(c))));
      items = chars;
    } else {
      throw new IllegalArgumentException("can only join an iterable");
    }
    StringBuilder out = new StringBuilder();
    int index = 0;
    for (Object item : items) {
      if (!(item instanceof CharSequence)) {
        throw new IllegalArgumentException("sequence item " + index + ": expected str instance, "
            + (item == null ? "NoneType" : item.getClass().getSimpleName()) + " found");
      }
      out.append(index++ > 0 ? sep : "").append(item);
    }
    return out.toString();
  }

  private static long count(String s, String sub) {
    if (sub.isEmpty()) {
      return s.codePointCount(0, s.length()) + 1L;
    }
    long n = 0;
    int at = 0;
    while ((at = s.indexOf(sub, at)) >= 0) {
      n++;
      at += sub.length();
    }
    return n;
  }

  private static String zfill(String s, int width) {
    int length = s.codePointCount(0, s.length());
    if (length >= width) {
      return s;
    }
    String zeros = "0".repeat(width - length);
    if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
      return s.charAt(0) + zeros + s.substring(1);
    }
    return zeros + s;
  }

  private static String pad(String s, String how, int width, String fill) {
    if (fill.codePointCount(0, fill.length()) != 1) {
      throw new IllegalArgumentException("The fill character must be exactly one character long");
    }
    int length = s.codePointCount(0, s.length());
    int total = width - length;
    if (total <= 0) {
      return s;
    }
    int left;
    switch (how) {
      case "ljust":
        left = 0;
        break;
      case "rjust":
        left = total;
        break;
      default: // CPython's center puts the extra character on the left when the width is odd
        left = total / 2 + (total & width & 1);
        break;
    }
    return fill.repeat(left) + s + fill.repeat(total - left);
  }

  private static List<String> partition(String s, String sep, boolean fromRight) {
    if (sep.isEmpty()) {
      throw new IllegalArgumentException("empty separator");
    }
    int at = fromRight ? s.lastIndexOf(sep) : s.indexOf(sep);
    if (at < 0) {
      return fromRight ? List.of("", "", s) : List.of(s, "", "");
    }
    return List.of(s.substring(0, at), sep, s.substring(at + sep.length()));
  }
}
