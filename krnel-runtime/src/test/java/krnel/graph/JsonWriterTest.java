package krnel.graph;

import static krnel.graph.PythonFloatTest.resourceLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonWriter} against Python's {@code json.dumps}; the fixtures are made by {@code
 * src/test/resources/python-json/make_fixtures.py}, whose STRUCTURES this class mirrors.
 */
class JsonWriterTest {

  private static final String GRIN = "\uD83D\uDE00"; // U+1F600 as a surrogate pair

  @Test
  void stringsMatchPython() throws IOException {
    List<String> lines = resourceLines("/python-json/strings.tsv");
    assertTrue(lines.size() > 200, "fixture too small: " + lines.size());
    for (String line : lines) {
      String[] f = line.split("\t", -1);
      String s = fromUtf16Hex(f[0]);
      assertEquals(f[1], JsonWriter.canonical().value(s).toString(), "canonical " + f[0]);
      assertEquals(f[1], JsonWriter.pretty().value(s).toString(), "pretty " + f[0]);
    }
  }

  @Test
  void keysSortByCodePointLikePython() throws IOException {
    List<String> lines = resourceLines("/python-json/keysort.tsv");
    assertTrue(lines.size() > 50, "fixture too small: " + lines.size());
    for (String line : lines) {
      String[] f = line.split("\t", -1);
      Map<String, Object> map = new LinkedHashMap<>();
      for (String hex : f[0].split(",", -1)) {
        map.put(fromUtf16Hex(hex), (long) map.size());
      }
      assertEquals(f[1], JsonWriter.canonical().json(map).toString(), "keys " + f[0]);
    }
  }

  @Test
  void codePointOrderDiffersFromCompareTo() {
    // The reason for the custom comparator: U+FFFD < U+1F600, but '\uFFFD' > '\uD83D'.
    assertTrue("\uFFFD".compareTo(GRIN) > 0);
    assertTrue(JsonWriter.CODE_POINT_ORDER.compare("\uFFFD", GRIN) < 0);
    Map<String, Object> map = new TreeMap<>(Map.of(GRIN, 1L, "\uFFFD", 2L));
    assertEquals(
        "{\"\\ufffd\": 2, \"\\ud83d\\ude00\": 1}", JsonWriter.canonical().json(map).toString());
  }

  @Test
  void structuresMatchPython() throws IOException {
    Map<String, String> expected = structures();
    Map<String, Supplier<Object>> objects = new LinkedHashMap<>();
    objects.put("unicode_keys", JsonWriterTest::unicodeKeys);
    objects.put("nested_empty", JsonWriterTest::nestedEmpty);
    objects.put("top_list", JsonWriterTest::topList);
    objects.put("ops", JsonWriterTest::opsAsObject);
    objects.put("scalar_string", () -> "h\u00e9llo " + GRIN);
    objects.put("scalar_float", () -> 1e23);
    objects.put("empty_dict", JsonWriterTest::map);
    objects.put("empty_list", JsonWriterTest::list);
    assertEquals(2 * objects.size(), expected.size(), "structures.txt vs this test");
    for (Map.Entry<String, Supplier<Object>> e : objects.entrySet()) {
      String name = e.getKey();
      assertEquals(
          expected.get(name + " canonical"),
          JsonWriter.canonical().json(e.getValue().get()).toString(),
          name + " canonical");
      assertEquals(
          expected.get(name + " pretty"),
          JsonWriter.pretty().json(e.getValue().get()).toString(),
          name + " pretty");
    }
  }

  @Test
  void streamingOpsMatchPython() throws IOException {
    Map<String, String> expected = structures();
    assertEquals(expected.get("ops canonical"), writeOps(JsonWriter.canonical(), true));
    assertEquals(expected.get("ops pretty"), writeOps(JsonWriter.pretty(), false));
  }

  @Test
  void streamingScalarsAndNumbers() {
    String text =
        JsonWriter.canonical()
            .beginArray()
            .value(1)
            .value(-2L)
            .value(0.5f)
            .value(1e300)
            .value(true)
            .value(false)
            .nullValue()
            .value((String) null)
            .value((Number) null)
            .op(null)
            .value((byte) 7)
            .value(Short.valueOf((short) -3))
            .value(Integer.valueOf(42))
            .value(new BigInteger("-123456789012345678901234567890"))
            .value(new BigDecimal("0.1"))
            .value(Float.valueOf(0.1f))
            .endArray()
            .toString();
    assertEquals(
        "[1, -2, 0.5, 1e+300, true, false, null, null, null, null, 7, -3, 42,"
            + " -123456789012345678901234567890, 0.1, 0.10000000149011612]",
        text);
    assertEquals("\"c\"", JsonWriter.canonical().json('c').toString());
  }

  @Test
  void streamingWritesNamesInCallOrderAndToStringShowsProgress() {
    JsonWriter w = JsonWriter.canonical().beginObject().name("b").value(1);
    assertEquals("{\"b\": 1", w.toString());
    w.name("a").beginArray().endArray().endObject();
    assertEquals("{\"b\": 1, \"a\": []}", w.toString());
  }

  @Test
  void deepNestingNeedsNoRecursion() {
    int n = 10_000;
    JsonWriter w = JsonWriter.canonical();
    for (int i = 0; i < n; i++) {
      w.beginArray();
    }
    for (int i = 0; i < n; i++) {
      w.endArray();
    }
    assertEquals("[".repeat(n) + "]".repeat(n), w.toString());
  }

  @Test
  void rejectsWhatPythonCouldNotHaveWritten() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> JsonWriter.canonical().json(Thread.State.NEW));
    assertTrue(e.getMessage().contains("java.lang.Thread$State"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> JsonWriter.canonical().json(new int[0]));
    assertTrue(e.getMessage().contains("[I"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> JsonWriter.canonical().json(list(Map.of(1, "one"))));
    assertTrue(e.getMessage().contains("java.lang.Integer"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> JsonWriter.canonical().json(new AtomicInteger(1)));
    assertTrue(e.getMessage().contains("AtomicInteger"), e.getMessage());
  }

  @Test
  void rejectsMisuse() {
    assertThrows(
        IllegalStateException.class, () -> JsonWriter.canonical().beginObject().value(1));
    assertThrows(IllegalStateException.class, () -> JsonWriter.canonical().beginArray().name("a"));
    assertThrows(IllegalStateException.class, () -> JsonWriter.canonical().name("a"));
    assertThrows(
        IllegalStateException.class,
        () -> JsonWriter.canonical().beginObject().name("a").name("b"));
    assertThrows(
        IllegalStateException.class,
        () -> JsonWriter.canonical().beginObject().name("a").endObject());
    assertThrows(
        IllegalStateException.class, () -> JsonWriter.canonical().beginObject().endArray());
    assertThrows(IllegalStateException.class, () -> JsonWriter.canonical().endArray());
    assertThrows(IllegalStateException.class, () -> JsonWriter.canonical().value(1).value(2));
    assertThrows(
        NullPointerException.class, () -> JsonWriter.canonical().beginObject().name(null));
  }

  // ------------------------------------------------------------------ the STRUCTURES of the script

  private static Object unicodeKeys() {
    return map(
        "b", 1,
        "a", list(1, 2.5, null, true, false),
        "\uFFFD", "replacement",
        GRIN, "grin",
        "\u00E9", "e-acute",
        "Z", map("y", list(), "x", map()),
        "", "empty",
        "\uE000", "private use",
        "a\0b", 0.1);
  }

  private static Object nestedEmpty() {
    return map(
        "list", list(),
        "dict", map(),
        "nested", list(list(), map(), list(list()), list(map())),
        "deep", map("a", map("b", map("c", list(1, list(2, list(3)))))));
  }

  private static Object topList() {
    return list(
        1, -1, 0, Long.MAX_VALUE, Long.MIN_VALUE, BigInteger.TWO.pow(70), 0.1, -0.0, 1e16, 1e-5,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, "x\ny", null, true);
  }

  /** The "ops" structure through json(Object): op references as OpSpec values. */
  private static Object opsAsObject() {
    return map(
        "model", op("Model_abc"),
        "inputs", list(op("A_1"), op("B_2")),
        "byName", map("z", op("Z_9"), "a", op("A_1"), GRIN, op("E_3"), "\uFFFD", op("F_4")),
        "none", null,
        "noOps", list());
  }

  /** The "ops" structure through the streaming API; {@code sorted}: names in code-point order. */
  private static String writeOps(JsonWriter w, boolean sorted) {
    Map<String, OpSpec> byName = new LinkedHashMap<>();
    byName.put("z", op("Z_9"));
    byName.put("a", op("A_1"));
    byName.put(GRIN, op("E_3"));
    byName.put("\uFFFD", op("F_4"));
    Map<String, Function<JsonWriter, JsonWriter>> members = new LinkedHashMap<>();
    members.put("model", x -> x.op(op("Model_abc")));
    members.put("inputs", x -> x.ops(List.of(op("A_1"), op("B_2"))));
    members.put("byName", x -> x.opMap(byName));
    members.put("none", x -> x.op(null));
    members.put("noOps", x -> x.ops(List.of()));
    List<String> names = new ArrayList<>(members.keySet());
    if (sorted) {
      names.sort(JsonWriter.CODE_POINT_ORDER);
    }
    w.beginObject();
    for (String name : names) {
      members.get(name).apply(w.name(name));
    }
    return w.endObject().toString();
  }

  // ------------------------------------------------------------------ helpers

  /** An OpSpec whose only working method is uuid(). */
  private static OpSpec op(String uuid) {
    return (OpSpec)
        Proxy.newProxyInstance(
            OpSpec.class.getClassLoader(),
            new Class<?>[] {OpSpec.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "uuid":
                case "toString":
                  return uuid;
                case "hashCode":
                  return uuid.hashCode();
                case "equals":
                  return proxy == args[0];
                default:
                  throw new UnsupportedOperationException(method.getName());
              }
            });
  }

  /** An insertion-ordered map from alternating keys and values. */
  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** A list that may hold nulls. */
  private static List<Object> list(Object... items) {
    return Arrays.asList(items);
  }

  /** "=== name kind" headers, each followed by the expected text (which may span lines). */
  private static Map<String, String> structures() throws IOException {
    Map<String, String> cases = new LinkedHashMap<>();
    String key = null;
    StringBuilder text = new StringBuilder();
    for (String line : resourceLines("/python-json/structures.txt")) {
      if (line.startsWith("=== ")) {
        if (key != null) {
          cases.put(key, text.toString());
        }
        key = line.substring(4);
        text.setLength(0);
      } else {
        text.append(text.length() == 0 ? "" : "\n").append(line);
      }
    }
    cases.put(key, text.toString());
    return cases;
  }

  private static String fromUtf16Hex(String hex) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 4) {
      sb.append((char) Integer.parseInt(hex.substring(i, i + 4), 16));
    }
    return sb.toString();
  }
}
