package krnel.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link PythonRandom} against CPython 3.11's {@code random.Random}: the reference's values
 * (krnel-graph-reference.md §3.5) and the fixtures in resources/pyrandom (see make_fixtures.py).
 */
class PythonRandomTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The fixture lines of one kind, from the classpath copy of resources/pyrandom. */
  static List<JsonNode> fixtures(String kind) {
    try (InputStream in = PythonRandomTest.class.getResourceAsStream("/pyrandom/fixtures.jsonl")) {
      if (in == null) {
        throw new IllegalStateException("missing resource /pyrandom/fixtures.jsonl");
      }
      List<JsonNode> lines = new ArrayList<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        JsonNode node = JSON.readTree(line);
        if (node.get("kind").asText().equals(kind)) {
          lines.add(node);
        }
      }
      assertTrue(!lines.isEmpty(), "no fixtures of kind " + kind);
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Checks ints against a fixture's "values", or its "count", "head" and "sha256" when long. */
  static void assertInts(JsonNode fixture, List<?> actual, String what) {
    List<String> text = actual.stream().map(String::valueOf).collect(Collectors.toList());
    if (fixture.has("values")) {
      List<String> expected = new ArrayList<>();
      fixture.get("values").forEach(v -> expected.add(v.asText()));
      assertEquals(expected, text, what);
      return;
    }
    List<String> head = new ArrayList<>();
    fixture.get("head").forEach(v -> head.add(v.asText()));
    assertEquals(fixture.get("count").asInt(), text.size(), what + ": count");
    assertEquals(head, text.subList(0, head.size()), what + ": head");
    assertEquals(fixture.get("sha256").asText(), sha256(String.join(",", text)), what + ": sha256");
  }

  private static BigInteger seedOf(JsonNode fixture) {
    return new BigInteger(fixture.get("seed").asText());
  }

  private static String label(JsonNode fixture) {
    String seed = fixture.get("seed").asText();
    return "seed " + (seed.length() > 30 ? seed.substring(0, 12) + "...(" + seed.length() + " digits)" : seed);
  }

  @Test
  void referenceGetrandbits() {
    PythonRandom r = new PythonRandom(42);
    assertEquals(2746317213L, r.getrandbitsLong(32));
    assertEquals(478163327L, r.getrandbitsLong(32));
    assertEquals(107420369L, r.getrandbitsLong(32));
  }

  @Test
  void referenceSamples() {
    assertEquals(List.of(6, 2, 1), new PythonRandom(19190115).sample(10, 3));
    assertEquals(
        List.of(81, 14, 3, 94, 35, 31, 28, 17, 13, 86, 69, 11, 75, 54, 4, 97, 88, 27, 29, 64, 77,
            84, 71, 25, 89),
        new PythonRandom(42).sample(100, 25));
  }

  @Test
  void negativeSeedIsItsAbsoluteValue() {
    PythonRandom a = new PythonRandom(-123456789);
    PythonRandom b = new PythonRandom(123456789);
    for (int i = 0; i < 1000; i++) {
      assertEquals(b.getrandbitsLong(32), a.getrandbitsLong(32));
    }
    assertEquals(
        new PythonRandom(Long.MIN_VALUE).getrandbits(100),
        new PythonRandom(BigInteger.ONE.shiftLeft(63)).getrandbits(100));
  }

  @Test
  void longAndBigIntegerSeedsAgree() {
    for (long seed : new long[] {0, 1, -1, 42, 1L << 32, -(1L << 40), Long.MAX_VALUE}) {
      assertEquals(
          new PythonRandom(BigInteger.valueOf(seed)).getrandbits(1000),
          new PythonRandom(seed).getrandbits(1000), "seed " + seed);
    }
  }

  @Test
  void sampleRejectsBadK() {
    PythonRandom r = new PythonRandom(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.sample(3, 4));
    assertEquals("Sample larger than population or is negative", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> r.sample(3, -1));
    assertEquals("Sample larger than population or is negative", e.getMessage());
  }

  @Test
  void getrandbitsRejectsNegativeWidth() {
    assertThrows(IllegalArgumentException.class, () -> new PythonRandom(1).getrandbits(-1));
    assertThrows(IllegalArgumentException.class, () -> new PythonRandom(1).randbelow(0));
  }

  @Test
  void setSizeMatchesPythonsFloatFormula() {
    for (int k = 0; k <= 200_000; k++) {
      long expected = 21 + (k > 5 ? (long) Math.pow(4, Math.ceil(Math.log(3.0 * k) / Math.log(4))) : 0);
      assertEquals(expected, PythonRandom.setSize(k), "k=" + k);
    }
  }

  @Test
  void getrandbitsLongAgreesWithBigIntegerForm() {
    for (int k = 0; k <= 64; k++) {
      long asLong = new PythonRandom(k).getrandbitsLong(k);
      BigInteger big = new PythonRandom(k).getrandbits(k);
      assertEquals(big, new BigInteger(Long.toUnsignedString(asLong)), "k=" + k);
      assertTrue(big.bitLength() <= k, "k=" + k);
    }
  }

  @TestFactory
  Stream<DynamicTest> getrandbitsFixtures() {
    return fixtures("getrandbits").stream().map(f -> DynamicTest.dynamicTest(label(f), () -> {
      PythonRandom r = new PythonRandom(seedOf(f));
      List<BigInteger> actual = new ArrayList<>();
      f.get("bits").forEach(k -> actual.add(r.getrandbits(k.asInt())));
      assertInts(f, actual, label(f));
    }));
  }

  @TestFactory
  Stream<DynamicTest> stream32Fixtures() {
    return fixtures("stream32").stream().map(f -> DynamicTest.dynamicTest(label(f), () -> {
      PythonRandom r = new PythonRandom(seedOf(f));
      List<Long> actual = new ArrayList<>();
      for (int i = 0; i < f.get("count").asInt(); i++) {
        actual.add(r.getrandbitsLong(32));
      }
      assertInts(f, actual, label(f));
    }));
  }

  @TestFactory
  Stream<DynamicTest> randomFixtures() {
    return fixtures("random").stream().map(f -> DynamicTest.dynamicTest(label(f), () -> {
      PythonRandom r = new PythonRandom(seedOf(f));
      for (JsonNode v : f.get("values")) {
        // Python's repr reads back as exactly the same double, so compare bit for bit.
        assertEquals(Double.parseDouble(v.asText()), r.random(), label(f));
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> randbelowFixtures() {
    return fixtures("randbelow").stream().map(f -> DynamicTest.dynamicTest(label(f), () -> {
      PythonRandom r = new PythonRandom(seedOf(f));
      List<BigInteger> actual = new ArrayList<>();
      f.get("bounds").forEach(n -> actual.add(r.randbelow(new BigInteger(n.asText()))));
      assertInts(f, actual, label(f));
      // The long overload draws identically: replay the bounds that fit in a long, up to the first
      // that does not (after it the streams are out of step).
      PythonRandom r2 = new PythonRandom(seedOf(f));
      List<Long> prefix = new ArrayList<>();
      for (JsonNode n : f.get("bounds")) {
        BigInteger bound = new BigInteger(n.asText());
        if (bound.bitLength() >= 64) {
          break;
        }
        prefix.add(r2.randbelow(bound.longValueExact()));
      }
      assertEquals(
          actual.subList(0, prefix.size()).stream().map(String::valueOf).collect(Collectors.toList()),
          prefix.stream().map(String::valueOf).collect(Collectors.toList()), label(f));
    }));
  }

  @TestFactory
  Stream<DynamicTest> shuffleFixtures() {
    return fixtures("shuffle").stream().map(f -> {
      int n = f.get("n").asInt();
      return DynamicTest.dynamicTest(label(f) + ", n " + n, () -> {
        List<Integer> x = IntStream.range(0, n).boxed().collect(Collectors.toCollection(ArrayList::new));
        new PythonRandom(seedOf(f)).shuffle(x);
        assertInts(f, x, label(f));
      });
    });
  }

  @TestFactory
  Stream<DynamicTest> sampleFixtures() {
    return fixtures("sample").stream().map(f -> {
      int n = f.get("n").asInt();
      int k = f.get("k").asInt();
      String strategy = f.get("strategy").asText();
      String name = "sample(range(" + n + "), " + k + ") " + strategy + ", " + label(f);
      return DynamicTest.dynamicTest(name, () -> {
        assertEquals(strategy.equals("pool"), n <= PythonRandom.setSize(k), name + ": strategy");
        assertInts(f, new PythonRandom(seedOf(f)).sample(n, k), name);
      });
    });
  }
}
