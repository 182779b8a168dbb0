package krnel.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import krnel.ops.LoadInlineJsonDatasetOp;
import krnel.runner.OpFailedException;
import krnel.runner.Runner;
import krnel.types.BooleanColumn;
import krnel.types.ScoreColumn;
import org.junit.jupiter.api.Test;

/** {@link Metrics} against scikit-learn's numbers (src/test/resources/probe/make_fixtures.py). */
class EvaluationTest {
  static final double TOLERANCE = 1e-12;

  static JsonNode fixture(String name) throws Exception {
    try (InputStream in = EvaluationTest.class.getResourceAsStream("/probe/" + name)) {
      return new ObjectMapper().readTree(in);
    }
  }

  static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  static boolean[] booleans(JsonNode array) {
    if (array.isNull()) {
      return null;
    }
    boolean[] out = new boolean[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asBoolean();
    }
    return out;
  }

  static List<String> strings(JsonNode array) {
    if (array.isNull()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  /** Same keys in the same order, same strings, numbers within {@link #TOLERANCE}. */
  static void assertJsonClose(JsonNode expected, JsonNode actual, String path) {
    if (expected.isNumber()) {
      assertTrue(actual.isNumber(), path + ": expected a number, got " + actual);
      assertEquals(expected.isIntegralNumber(), actual.isIntegralNumber(), path + ": int vs float: " + actual);
      assertEquals(expected.asDouble(), actual.asDouble(), TOLERANCE, path);
    } else if (expected.isObject()) {
      assertTrue(actual.isObject(), path + ": expected an object, got " + actual);
      List<String> expectedKeys = new ArrayList<>();
      expected.fieldNames().forEachRemaining(expectedKeys::add);
      List<String> actualKeys = new ArrayList<>();
      actual.fieldNames().forEachRemaining(actualKeys::add);
      assertEquals(expectedKeys, actualKeys, path + ": keys");
      for (String key : expectedKeys) {
        assertJsonClose(expected.get(key), actual.get(key), path + "." + key);
      }
    } else if (expected.isArray()) {
      assertEquals(expected.size(), actual.size(), path + ": size");
      for (int i = 0; i < expected.size(); i++) {
        assertJsonClose(expected.get(i), actual.get(i), path + "[" + i + "]");
      }
    } else {
      assertEquals(expected, actual, path);
    }
  }

  @Test
  void matchesScikitLearn() throws Exception {
    JsonNode cases = fixture("evaluation_fixture.json").get("cases");
    assertTrue(cases.size() >= 6);
    for (JsonNode c : cases) {
      JsonNode actual = Metrics.evaluate(doubles(c.get("scores")), booleans(c.get("positives")),
          booleans(c.get("negatives")), strings(c.get("split")), booleans(c.get("domain")),
          c.get("threshold").isNull() ? null : c.get("threshold").asDouble());
      assertJsonClose(c.get("expected"), actual, c.get("name").asText());
    }
  }

  @Test
  void overlapIsAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metrics.evaluate(
        new double[] {1, 2, 3}, new boolean[] {true, true, false}, new boolean[] {true, true, true}, null, null, null));
    assertTrue(e.getMessage().contains("Some examples (2) are both positive and negative"), e.getMessage());
  }

  @Test
  void throughTheRunner() throws Exception {
    JsonNode c = fixture("evaluation_fixture.json").get("cases").get(0);
    Map<String, List<?>> data = new LinkedHashMap<>();
    List<Double> scores = new ArrayList<>();
    c.get("scores").forEach(v -> scores.add(v.asDouble()));
    List<Boolean> pos = new ArrayList<>();
    c.get("positives").forEach(v -> pos.add(v.asBoolean()));
    List<Boolean> neg = new ArrayList<>();
    c.get("negatives").forEach(v -> neg.add(v.asBoolean()));
    List<Boolean> domain = new ArrayList<>();
    c.get("domain").forEach(v -> domain.add(v.asBoolean()));
    data.put("score", scores);
    data.put("pos", pos);
    data.put("neg", neg);
    data.put("domain", domain);
    data.put("split", strings(c.get("split")));
    try (Runner runner = Runner.memory()) {
      LoadInlineJsonDatasetOp ds = runner.fromInlineDataset(data);
      ScoreColumn score = ds.colScore("score");
      BooleanColumn y = ds.colBoolean("pos");
      var report = score.evaluate(y, o -> o.gtNegatives(ds.colBoolean("neg"))
          .split(ds.colCategorical("split")).predictDomain(ds.colBoolean("domain")));
      assertJsonClose(c.get("expected"), runner.toJson(report), "runner");

      var bad = score.evaluate(y, o -> o.gtNegatives(y));
      OpFailedException e = assertThrows(OpFailedException.class, () -> runner.materialize(bad));
      assertTrue(e.getMessage().contains("are both positive and negative"), e.getMessage());
    }
  }
}
