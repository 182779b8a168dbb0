package krnel.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.Map;
import krnel.fuzz.Fuzz;
import org.junit.jupiter.api.Test;

/**
 * Malformed and mutated graph documents (the reference's Python graph, with text edits or a value
 * replaced anywhere in its tree): reading and verifying either succeed or fail with a one-line
 * {@link GraphFormatException} (a {@link UuidMismatchException} adds the node's diff below its first
 * line); never a StackOverflowError, an NPE, a ClassCastException or another undocumented exception.
 * Tries and seed: see {@link Fuzz}.
 */
class GraphJsonFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GRAPH;
  private static final OpCatalogue CATALOGUE = OpCatalogue.load();

  static {
    try {
      GRAPH = GraphJsonTest.pythonGraph();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A text edit at a position: delete, insert or replace one character, or truncate. */
  record Edit(int kind, int at, char c) {
    String apply(String in) {
      if (in.isEmpty()) {
        return in;
      }
      int pos = Math.floorMod(at, in.length());
      return switch (kind) {
        case 0 -> in.substring(0, pos) + in.substring(pos + 1);
        case 1 -> in.substring(0, pos) + c + in.substring(pos);
        case 2 -> in.substring(0, pos) + c + in.substring(pos + 1);
        default -> in.substring(0, pos);
      };
    }
  }

  private static final char[] CHARS = {'{', '}', '[', ']', '"', ':', ',', '0', '-', 'e', '.', 'n', ' ', '\\', 'x', 'é'};

  @Test
  void textEditsFailCleanly() {
    Map<String, Integer> outcomes = new TreeMap<>();
    Fuzz.run("graph text edits", (random, attempt) -> {
      String json = GRAPH;
      List<Edit> edits = new ArrayList<>();
      for (int i = 1 + random.nextInt(3); i > 0; i--) {
        edits.add(new Edit(random.nextInt(4), random.nextInt(Integer.MAX_VALUE), CHARS[random.nextInt(CHARS.length)]));
      }
      for (Edit edit : edits) {
        json = edit.apply(json);
      }
      attempt.describe(edits.toString());
      outcomes.merge(check(json), 1, Integer::sum);
    });
    System.out.println("graph text edits: " + outcomes);
  }

  /** A JSON value to put anywhere: odd types, huge and negative numbers, deep nesting, nulls. */
  private static JsonNode value(SplittableRandom random) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    List<JsonNode> fixed = List.of(f.nullNode(), f.booleanNode(true), f.textNode(""), f.textNode("Dataset_0"),
        f.numberNode(0), f.numberNode(-1), f.numberNode(1.5), f.numberNode(Double.NaN),
        f.numberNode(new BigInteger("123456789012345678901234567890")), f.numberNode(Long.MIN_VALUE),
        f.arrayNode(), f.objectNode(), f.textNode("LoadInlineJsonDatasetOp_" + "0".repeat(64)));
    switch (random.nextInt(3)) {
      case 0:
        return fixed.get(random.nextInt(fixed.size()));
      case 1: {
        JsonNode node = f.numberNode(1);
        for (int i = random.nextInt(1, 990); i > 0; i--) { // the test's own writer stops at 1000
          ArrayNode a = f.arrayNode();
          a.add(node);
          node = a;
        }
        return node;
      }
      default: {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(20); i > 0; i--) {
          text.appendCodePoint(random.nextInt(0x20, 0x2FF));
        }
        return f.textNode(text.toString());
      }
    }
  }

  @Test
  void replacedValuesFailCleanly() {
    Map<String, Integer> outcomes = new TreeMap<>();
    Fuzz.run("graph values replaced", (random, attempt) -> {
      ObjectNode graph = (ObjectNode) JSON.readTree(GRAPH);
      List<JsonNode> containers = new ArrayList<>();
      collect(graph, containers);
      JsonNode value = value(random);
      int where = random.nextInt(Integer.MAX_VALUE);
      JsonNode container = containers.get(where % containers.size());
      attempt.describe("container " + (where % containers.size()) + ", value " + abbreviate(value.toString()));
      if (container instanceof ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        object.set(names.isEmpty() ? "x" : names.get(where / 7 % names.size()), value);
      } else {
        ArrayNode array = (ArrayNode) container;
        if (array.isEmpty()) {
          array.add(value);
        } else {
          array.set(where / 7 % array.size(), value);
        }
      }
      outcomes.merge(check(JSON.writeValueAsString(graph)), 1, Integer::sum);
    });
    System.out.println("graph values replaced: " + outcomes);
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }

  private static void collect(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) {
      out.add(node);
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        collect(it.next(), out);
      }
    }
  }

  private static String check(String json) {
    String outcome;
    try {
      GraphJson.read(json, CATALOGUE);
      outcome = "read";
    } catch (GraphFormatException e) { // UuidMismatchException is one
      clean(e);
      outcome = e.getClass().getSimpleName();
    }
    try {
      GraphJson.verify(json, CATALOGUE);
    } catch (GraphFormatException e) {
      clean(e);
    }
    return outcome;
  }

  /** A message that says something; one line, except the node diff a uuid mismatch shows under its first line. */
  private static void clean(GraphFormatException e) {
    assertFalse(e.getMessage() == null || e.getMessage().isBlank(), e::toString);
    if (!(e instanceof UuidMismatchException)) {
      assertEquals(-1, e.getMessage().indexOf('\n'), e.getMessage());
    }
  }
}
