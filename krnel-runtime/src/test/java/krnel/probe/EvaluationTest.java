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
import krnel.graph.GraphJson;
import krnel.graph.OpValidationException;
import krnel.ops.ImmutableClassifierEvaluationOp;
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
          c.get("threshold").isNull() ? null : c.get("threshold").asDouble(),
          c.get("threshold_split").isNull() ? null : c.get("threshold_split").asText());
      assertJsonClose(c.get("expected"), actual, c.get("name").asText());
    }
  }

  /** A threshold chosen on train is reported on test as is: test never moves it. */
  @Test
  void thresholdChosenOnTrainAppliesToTest() {
    // train: the most accurate threshold is 0.6 (4/4 correct); test alone would choose 0.35.
    double[] scores = {0.1, 0.5, 0.6, 0.9, 0.2, 0.3, 0.35, 0.7};
    boolean[] positives = {false, false, true, true, false, false, true, true};
    boolean[] negatives = new boolean[positives.length];
    for (int i = 0; i < positives.length; i++) {
      negatives[i] = !positives[i];
    }
    List<String> splits = List.of("train", "train", "train", "train", "test", "test", "test", "test");
    JsonNode report = Metrics.evaluate(scores, positives, negatives, splits, null, null, "train");
    JsonNode test = report.get("test");
    assertEquals(0.6, test.get("threshold").asDouble());
    assertEquals(0.6, report.get("train").get("threshold").asDouble());
    assertEquals(0.75, test.get("accuracy").asDouble()); // 0.35 falls below 0.6: one false negative
    assertEquals("{\"tn\":2,\"fp\":0,\"fn\":1,\"tp\":1}", test.get("confusion").toString());
    assertEquals(0.5, test.get("recall").asDouble());
    assertEquals(1.0, test.get("precision").asDouble());
    assertEquals(0.5, test.get("tpr@fpr=0.01").asDouble()); // train's threshold for FPR 1% is 0.6 too
    assertEquals(0.0, test.get("fpr@fpr=0.01").asDouble());
    assertTrue(!test.has("best_accuracy"), test.toString());
  }

  /** Unset, threshold_split leaves the canonical JSON as the reference writes it; set, it is hashed. */
  @Test
  void thresholdSplitIsHashedOnlyWhenSet() {
    try (Runner runner = Runner.memory()) {
      LoadInlineJsonDatasetOp ds = runner.fromInlineDataset(Map.of("s", List.of(0.5), "y", List.of(true)));
      var plain = (ImmutableClassifierEvaluationOp) ds.colScore("s").evaluate(ds.colBoolean("y"));
      assertTrue(!plain.canonicalJson().contains("threshold_split"), plain.canonicalJson());
      var calibrated = plain.withThresholdSplit("train");
      assertTrue(calibrated.canonicalJson().contains("\"split\": null, \"threshold_split\": \"train\", \"type\""),
          calibrated.canonicalJson());
      assertTrue(!calibrated.uuid().equals(plain.uuid()));
      // Graph JSON: the reference's node while unset; the option, and the uuid, come back when set.
      assertTrue(!GraphJson.write(plain).contains("threshold_split"));
      assertEquals(plain.uuid(), GraphJson.read(GraphJson.write(plain)).get(0).uuid());
      assertTrue(GraphJson.write(calibrated).contains("\"threshold_split\": \"train\""));
      assertEquals(calibrated, GraphJson.read(GraphJson.write(calibrated)).get(0));
      OpValidationException both = assertThrows(OpValidationException.class,
          () -> calibrated.withScoreThreshold(0.0));
      assertTrue(both.getMessage().contains("set only one of them"), both.getMessage());
    }
  }

  @Test
  void thresholdSplitErrorsNameTheField() {
    double[] scores = {0.1, 0.9, 0.2};
    boolean[] positives = {false, true, true};
    boolean[] negatives = {true, false, false};
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> Metrics.evaluate(scores, positives, negatives, List.of("a", "a", "b"), null, null, "train"));
    assertEquals("threshold_split: there is no split 'train'; the splits are [a, b]", missing.getMessage());
    IllegalArgumentException oneLabel = assertThrows(IllegalArgumentException.class,
        () -> Metrics.evaluate(scores, positives, negatives, List.of("a", "a", "b"), null, null, "b"));
    assertTrue(oneLabel.getMessage().startsWith("threshold_split: the chosen split has 1 positive and 0 negative rows"),
        oneLabel.getMessage());
  }

  /** Every report of the fixture, written as JSON: no NaN or Infinity, and each null comes with its warning. */
  @Test
  void noNaNInTheJson() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    int nulls = 0;
    for (JsonNode c : fixture("evaluation_fixture.json").get("cases")) {
      JsonNode report = Metrics.evaluate(doubles(c.get("scores")), booleans(c.get("positives")),
          booleans(c.get("negatives")), strings(c.get("split")), booleans(c.get("domain")),
          c.get("threshold").isNull() ? null : c.get("threshold").asDouble(),
          c.get("threshold_split").isNull() ? null : c.get("threshold_split").asText());
      // A strict parser (the default) rejects the NaN and Infinity tokens Jackson would write for such doubles.
      assertTrue(mapper.readTree(mapper.writeValueAsString(report)).isObject());
      for (Iterator<JsonNode> splits = report.elements(); splits.hasNext(); ) {
        JsonNode metrics = splits.next();
        for (Iterator<Map.Entry<String, JsonNode>> fields = metrics.fields(); fields.hasNext(); ) {
          Map.Entry<String, JsonNode> field = fields.next();
          if (field.getValue().isNull()) {
            nulls++;
            assertTrue(metrics.get("warnings").toString().contains(field.getKey() + " is NaN (written as null)"),
                metrics.toString());
          }
        }
      }
    }
    assertTrue(nulls > 0, "the fixture has an empty split, whose average score is NaN");
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

      var calibrated = score.evaluate(y, o -> o.gtNegatives(ds.colBoolean("neg"))
          .split(ds.colCategorical("split")).predictDomain(ds.colBoolean("domain")).thresholdSplit("train"));
      assertEquals(Metrics.evaluate(doubles(c.get("scores")), booleans(c.get("positives")),
          booleans(c.get("negatives")), strings(c.get("split")), booleans(c.get("domain")), null, "train"),
          runner.toJson(calibrated));

      var bad = score.evaluate(y, o -> o.gtNegatives(y));
      OpFailedException e = assertThrows(OpFailedException.class, () -> runner.materialize(bad));
      assertTrue(e.getMessage().contains("are both positive and negative"), e.getMessage());
    }
  }
}
