package krnel.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonReader} against Jackson: whatever text it reads, it reads to the values that Jackson's
 * tree gives ({@link GraphJsonReader#toJava}), classes of numbers included; whatever it does not
 * take, it leaves to Jackson.
 */
class JsonReaderTest {

  /** The value of {@code text} as Jackson reads it; JsonReader must read the same or give up. */
  private static void assertSameAsJackson(String text) {
    Object fast = JsonReader.read(text);
    Object jackson;
    try {
      jackson = GraphJsonReader.toJava(GraphJsonReader.parse(text));
    } catch (GraphFormatException e) {
      assertSame(JsonReader.NOT_READ, fast, "Jackson rejects " + text + " (" + e.getMessage() + ")");
      return;
    }
    if (fast != JsonReader.NOT_READ) {
      assertDeepEquals(jackson, fast, text);
    }
  }

  /** Equal, and of the same classes where numbers and strings are concerned. */
  private static void assertDeepEquals(Object expected, Object actual, String text) {
    if (expected instanceof Map<?, ?> e) {
      Map<?, ?> a = (Map<?, ?>) actual;
      assertEquals(List.copyOf(e.keySet()), List.copyOf(a.keySet()), text);
      e.forEach((k, v) -> assertDeepEquals(v, a.get(k), text));
    } else if (expected instanceof List<?> e) {
      List<?> a = (List<?>) actual;
      assertEquals(e.size(), a.size(), text);
      for (int i = 0; i < e.size(); i++) {
        assertDeepEquals(e.get(i), a.get(i), text);
      }
    } else {
      assertEquals(expected, actual, text);
      assertEquals(expected == null ? null : expected.getClass(), actual == null ? null : actual.getClass(), text);
    }
  }

  @Test
  void readsWhatJacksonReads() {
    for (String text : List.of(
        "{}", "[]", "{\"a\": 1}", "[1, -1, 0, -0, 2147483647, 2147483648, -2147483648, -2147483649]",
        "[9223372036854775807, 9223372036854775808, -9223372036854775808, -9223372036854775809, 123456789012345678901234567890]",
        "[1.0, -0.0, 1e-05, 1E+16, 0.30000000000000004, 5e-324, 1e400, NaN, Infinity, -Infinity]",
        "[true, false, null]", "\"h\\u00e9llo \\u2603 \\ud83d\\ude00\"", "\"tab\\tquote\\\"slash\\\\\\/ \\b\\f\\n\\r\"",
        "\"caf\u00e9\"", "  {\n  \"k\" :\t[ {\"x\": {}} , [] ]\r\n}  ", "{\"a\": {\"b\": {\"c\": [1, {\"d\": null}]}}}",
        "\"\\uDEAD\"", "{\"\": \"\"}", "7", "null")) {
      assertSameAsJackson(text);
      assertNotSame(JsonReader.NOT_READ, JsonReader.read(text), text);
    }
  }

  @Test
  void leavesToJacksonWhatItDoesNotTake() {
    for (String text : List.of(
        "", "  ", "{", "[1,]", "{\"a\": 1,}", "{\"a\" 1}", "01", "1.", ".5", "+1", "-", "1e", "--1", "tru", "nul",
        "NaNa", "-NaN", "+Infinity", "INF", "[1] [2]", "{} x", "\"a\nb\"", "\"\\x\"", "\"\\u12\"", "\"\\u00g0\"", "'a'",
        "[\u00a01]", "\ufeff{}", "\"snow \u2603\"", "{\"a\": 1, \"a\": 2}", "{\"\\u0061\": 1}", "[" + "1".repeat(200) + "]",
        "[".repeat(100) + "]".repeat(100), "{\"a\": 1 /* c */}", "[1 2]", "\"unterminated")) {
      assertSame(JsonReader.NOT_READ, JsonReader.read(text), text);
      assertSameAsJackson(text);
    }
  }

  @Test
  void repeatedKeysOfLargeObjectsAreSeen() {
    StringBuilder text = new StringBuilder("{");
    for (int i = 0; i < 40; i++) {
      text.append("\"k").append(i).append("\": ").append(i).append(", ");
    }
    assertEquals(41, ((Map<?, ?>) JsonReader.read(text + "\"last\": 0}")).size());
    assertSame(JsonReader.NOT_READ, JsonReader.read(text + "\"k3\": 0}"));
  }

  @Test
  void equalStringsAreOneInstance() {
    List<?> list = (List<?>) JsonReader.read("[\"LoadOp_0123456789abcdef\", {\"LoadOp_0123456789abcdef\": \"x\"}, \"LoadOp_0123456789abcdef\"]");
    assertSame(list.get(0), list.get(2));
    assertSame(list.get(0), ((Map<?, ?>) list.get(1)).keySet().iterator().next());
    // Short strings near the start of the text are hashed from their bytes one by one, elsewhere
    // from eight bytes read at once: the same string either way.
    for (int length = 0; length < 10; length++) {
      String s = "abcdefghij".substring(0, length);
      List<?> strings = (List<?>) JsonReader.read("[\"" + s + "\", \"" + s + "\", 1234567890, \"" + s + "\"]");
      assertSame(strings.get(0), strings.get(1), s);
      assertSame(strings.get(0), strings.get(3), s);
      assertSame(JsonReader.NOT_READ, JsonReader.read("{\"" + s + "\": 1, \"" + s + "\": 2}"), s);
    }
  }

  @Test
  void valuesAreImmutable() {
    Map<?, ?> map = (Map<?, ?>) JsonReader.read("{\"a\": [1]}");
    assertThrows(UnsupportedOperationException.class, () -> map.remove("a"));
    assertThrows(UnsupportedOperationException.class, () -> ((List<?>) map.get("a")).clear());
    assertEquals(Map.of("a", List.of(1)), map);
    assertEquals(BigInteger.TWO.pow(70), ((List<?>) JsonReader.read("[1180591620717411303424]")).get(0));
  }

  /** Random documents and random damage to them: never a value Jackson would not give. */
  @Test
  void agreesWithJacksonOnRandomText() {
    Random random = new Random(42);
    String alphabet = "{}[]:,\" \\/\n\tabefnrtu0123456789.-+eENIaly\u00e9\u2603";
    for (int i = 0; i < 3000; i++) {
      String text = randomJson(random, 0);
      assertSameAsJackson(text);
      StringBuilder damaged = new StringBuilder(text);
      for (int j = random.nextInt(3); j >= 0 && damaged.length() > 0; j--) {
        int at = random.nextInt(damaged.length());
        switch (random.nextInt(3)) {
          case 0 -> damaged.deleteCharAt(at);
          case 1 -> damaged.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
          default -> damaged.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      try {
        assertSameAsJackson(damaged.toString());
      } catch (AssertionError e) {
        fail("from " + text + "\n" + e.getMessage(), e);
      }
    }
  }

  private static String randomJson(Random random, int depth) {
    switch (random.nextInt(depth > 3 ? 6 : 8)) {
      case 0:
        return random.nextBoolean() ? "true" : random.nextBoolean() ? "false" : "null";
      case 1:
        return Long.toString(random.nextLong() >> random.nextInt(64));
      case 2:
        return List.of("0.5", "-1e-05", "1E+300", "NaN", "Infinity", "-Infinity", "123456789012345678901234").get(random.nextInt(7));
      case 3:
      case 4:
      case 5:
        return JsonWriter.canonical().value(randomString(random)).toString();
      case 6: {
        StringBuilder out = new StringBuilder("[");
        for (int i = random.nextInt(4); i > 0; i--) {
          out.append(randomJson(random, depth + 1)).append(i > 1 ? ", " : "");
        }
        return out.append(']').toString();
      }
      default: {
        StringBuilder out = new StringBuilder("{");
        for (int i = random.nextInt(4); i > 0; i--) {
          out.append(JsonWriter.canonical().value(randomString(random))).append(": ")
              .append(randomJson(random, depth + 1)).append(i > 1 ? ",\n  " : "");
        }
        return out.append('}').toString();
      }
    }
  }

  private static String randomString(Random random) {
    String chars = "ab_\"\\\n\u00e9\u2603\ud83d\ude00";
    StringBuilder out = new StringBuilder();
    for (int i = random.nextInt(6); i > 0; i--) {
      out.append(chars.charAt(random.nextInt(chars.length())));
    }
    return out.toString();
  }
}
