package krnel.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PythonFloat#repr} against Python's own output; the fixture is made by
 * {@code src/test/resources/python-json/make_fixtures.py}.
 */
class PythonFloatTest {

  @Test
  void matchesPythonForEveryFixture() throws IOException {
    List<String> lines = resourceLines("/python-json/floats.tsv");
    assertTrue(lines.size() > 3000, "fixture too small: " + lines.size());
    List<String> failures = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split("\t", -1);
      double x = Double.longBitsToDouble(Long.parseUnsignedLong(f[0], 16));
      String actual = PythonFloat.repr(x);
      if (!actual.equals(f[1])) {
        failures.add(f[0] + ": expected " + f[1] + " got " + actual);
      }
    }
    List<String> first = failures.subList(0, Math.min(20, failures.size()));
    assertTrue(failures.isEmpty(), failures.size() + " mismatches, first: " + first);
  }

  @Test
  void knownCases() {
    assertEquals("0.0", PythonFloat.repr(0.0));
    assertEquals("-0.0", PythonFloat.repr(-0.0));
    assertEquals("1.0", PythonFloat.repr(1.0));
    assertEquals("-100.0", PythonFloat.repr(-100.0));
    assertEquals("0.1", PythonFloat.repr(0.1));
    assertEquals("0.30000000000000004", PythonFloat.repr(0.1 + 0.2));
    assertEquals("0.0001", PythonFloat.repr(1e-4));
    assertEquals("1e-05", PythonFloat.repr(1e-5));
    assertEquals("0.002", PythonFloat.repr(2e-3)); // JDK 17: 0.0020
    assertEquals("1000000000000000.0", PythonFloat.repr(1e15));
    assertEquals("9999999999999998.0", PythonFloat.repr(9999999999999998.0));
    assertEquals("1e+16", PythonFloat.repr(1e16));
    assertEquals("1e+22", PythonFloat.repr(1e22));
    assertEquals("1e+23", PythonFloat.repr(1e23));
    assertEquals("2e+23", PythonFloat.repr(2e23));
    assertEquals("1.5e+300", PythonFloat.repr(1.5e300));
    assertEquals("5e-324", PythonFloat.repr(Double.MIN_VALUE)); // JDK 17: 4.9E-324
    assertEquals("2.2250738585072014e-308", PythonFloat.repr(Double.MIN_NORMAL));
    assertEquals("1.7976931348623157e+308", PythonFloat.repr(Double.MAX_VALUE));
    assertEquals("9007199254740992.0", PythonFloat.repr(9007199254740992.0));
    assertEquals("NaN", PythonFloat.repr(Double.NaN));
    assertEquals("Infinity", PythonFloat.repr(Double.POSITIVE_INFINITY));
    assertEquals("-Infinity", PythonFloat.repr(Double.NEGATIVE_INFINITY));
  }

  static List<String> resourceLines(String name) throws IOException {
    InputStream in = PythonFloatTest.class.getResourceAsStream(name);
    assertNotNull(in, "missing test resource " + name);
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        lines.add(line);
      }
    }
    return lines;
  }
}
