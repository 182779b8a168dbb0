package krnel.graph;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class UnifiedDiffTest {

  /**
   * Every case in the fixtures must match Python's output exactly. The fixtures, and their format,
   * come from {@code src/test/resources/difflib/make_fixtures.py}.
   */
  @TestFactory
  Stream<DynamicTest> matchesPythonDifflib() throws IOException {
    List<Case> cases = new ArrayList<>(load("cases.txt"));
    cases.addAll(load("large.txt"));
    return cases.stream()
        .map(
            c ->
                dynamicTest(
                    c.name,
                    () ->
                        assertEquals(
                            String.join("\n", c.diff), UnifiedDiff.of(c.a, c.b, c.from, c.to))));
  }

  @Test
  void equalInputsGiveEmptyString() {
    assertEquals("", UnifiedDiff.of(List.of(), List.of(), "a", "b"));
    assertEquals("", UnifiedDiff.of(List.of("x", "y"), List.of("x", "y"), "a", "b"));
  }

  @Test
  void pythonDocstringExample() {
    String expected =
        String.join(
            "\n",
            "--- Original",
            "+++ Current",
            "@@ -1,4 +1,4 @@",
            "+zero",
            " one",
            "-two",
            "-three",
            "+tree",
            " four");
    assertEquals(
        expected,
        UnifiedDiff.of(
            List.of("one", "two", "three", "four"),
            List.of("zero", "one", "tree", "four"),
            "Original",
            "Current"));
  }

  @Test
  void emptyAndSingleLineRanges() {
    assertEquals(
        "--- a\n+++ b\n@@ -0,0 +1 @@\n+x", UnifiedDiff.of(List.of(), List.of("x"), "a", "b"));
    assertEquals(
        "--- a\n+++ b\n@@ -1,2 +0,0 @@\n-x\n-y",
        UnifiedDiff.of(List.of("x", "y"), List.of(), "a", "b"));
  }

  /** 20,000 lines with scattered edits: well under a second, and the diff turns a into b. */
  @Test
  void largeInputIsFast() {
    Random rng = new Random(7);
    List<String> a = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      a.add(i % 7 == 0 ? "" : i % 11 == 0 ? "}" : "v" + rng.nextInt(5_000) + " = op(v" + i + ")");
    }
    List<String> b = new ArrayList<>(a);
    for (int e = 0; e < 300; e++) {
      int pos = rng.nextInt(b.size());
      switch (e % 3) {
        case 0 -> b.add(pos, "inserted " + e);
        case 1 -> b.remove(pos);
        default -> b.set(pos, "replaced " + e);
      }
    }
    String diff = UnifiedDiff.of(a, b, "a", "b");
    assertEquals(b, applyPatch(a, diff));
  }

  /**
   * Every other line changed: each match splits off one small remainder, which a recursive
   * implementation would follow 5,000 levels deep.
   */
  @Test
  void manyTinyMatchesDoNotRecurse() {
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      a.add("line " + i);
      b.add(i % 2 == 0 ? "line " + i : "changed " + i);
    }
    String diff = UnifiedDiff.of(a, b, "a", "b"); // 5,000 alternating matches: a recursive matcher overflows the stack
    assertEquals(b, applyPatch(a, diff));
  }

  /** Applies a unified diff to {@code a}, checking its context and removed lines on the way. */
  private static List<String> applyPatch(List<String> a, String diff) {
    List<String> out = new ArrayList<>();
    int pos = 0;
    String[] lines = diff.split("\n", -1);
    for (int k = 2; k < lines.length; k++) { // skip the --- and +++ lines
      String line = lines[k];
      if (line.startsWith("@@ -")) {
        String old = line.substring(4, line.indexOf(' ', 4));
        int comma = old.indexOf(',');
        int start = Integer.parseInt(comma < 0 ? old : old.substring(0, comma));
        boolean empty = comma >= 0 && old.endsWith(",0");
        int firstIndex = empty ? start : start - 1; // an empty range names the line before it
        while (pos < firstIndex) out.add(a.get(pos++));
      } else if (line.startsWith("+")) {
        out.add(line.substring(1));
      } else {
        assertEquals(a.get(pos), line.substring(1), "context or removed line");
        if (line.startsWith(" ")) out.add(a.get(pos));
        pos++;
      }
    }
    while (pos < a.size()) out.add(a.get(pos++));
    return out;
  }

  private record Case(
      String name, String from, String to, List<String> a, List<String> b, List<String> diff) {}

  private static List<Case> load(String resource) throws IOException {
    List<Case> cases = new ArrayList<>();
    try (InputStream in = UnifiedDiffTest.class.getResourceAsStream("/difflib/" + resource)) {
      assertNotNull(in, resource);
      BufferedReader r = new BufferedReader(new InputStreamReader(in, UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.startsWith("case ")) continue; // the file's comment header
        String name = line.substring("case ".length());
        String from = field(r.readLine(), "from ");
        String to = field(r.readLine(), "to ");
        List<String> a = lines(r, "a ");
        List<String> b = lines(r, "b ");
        List<String> diff = lines(r, "diff ");
        cases.add(new Case(name, from, to, a, b, diff));
      }
    }
    return cases;
  }

  private static String field(String line, String prefix) {
    if (line == null || !line.startsWith(prefix)) {
      throw new IllegalStateException("expected '" + prefix + "...' but got " + line);
    }
    return line.substring(prefix.length());
  }

  /** Reads a "<label> <count>" line and the count lines after it. */
  private static List<String> lines(BufferedReader r, String label) throws IOException {
    int count = Integer.parseInt(field(r.readLine(), label));
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) out.add(r.readLine());
    return out;
  }
}
