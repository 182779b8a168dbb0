package krnel.cli;

import static krnel.cli.CliRun.assertNoStackTrace;
import static krnel.cli.CliRun.krnel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import krnel.onnx.Guardrail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code krnel export} and {@code krnel score}: a probe of a -f graph exported, then scored from the folder alone. */
class GuardrailCommandsTest {
  static final String MAIN = String.join("\n",
      "import java.util.List;",
      "import java.util.Map;",
      "import krnel.runner.Runner;",
      "import krnel.types.*;",
      "import static krnel.ops.LLMLayerActivationsOp.TokenMode.MEAN;",
      "",
      "public class Guard {",
      "  static final Runner runner = Runner.open(\"STORE\");",
      "  static final Dataset train = runner.fromInlineDataset(Map.of(",
      "      \"text\", List.of(\"Win a free cruise now\", \"Lunch at noon?\", \"Claim your prize, winner\",",
      "          \"Minutes of the meeting\", \"Cheap pills, limited offer\", \"Can you review my draft?\"),",
      "      \"label\", List.of(\"spam\", \"ham\", \"spam\", \"ham\", \"spam\", \"ham\")));",
      "  static final TextColumn text = train.colText(\"text\");",
      "  static final BooleanColumn spam = train.colCategorical(\"label\").isIn(\"spam\");",
      "  static final VectorColumn activations = text.llmLayerActivations(\"builtin:all-minilm-l6-v2\", 1,",
      "      o -> o.tokenMode(MEAN).maxLength(32));",
      "  static final Classifier probe = activations.trainClassifier(\"logistic_regression\", spam);",
      "  static final EvaluationReport report = probe.predict(activations).evaluate(spam);",
      "}",
      "");

  @TempDir Path dir;

  @Test
  void exportsTheProbeAndScoresTextsFromTheFolder() throws Exception {
    Path source = dir.resolve("Guard.java");
    Files.writeString(source, MAIN.replace("STORE", dir.resolve("store").toString()));
    Path guard = dir.resolve("guard");

    CliRun export = krnel("export", "-f", source.toString(), "-s", "probe", "-o", guard.toString());

    assertEquals(0, export.code(), export.out() + export.err());
    assertTrue(export.out().startsWith("Exported logistic_regression probe TrainClassifierOp_"), export.out());
    JsonNode manifest = new ObjectMapper().readTree(guard.resolve("guardrail.json").toFile());
    assertEquals("builtin:all-minilm-l6-v2", manifest.path("model").path("name").asText());
    assertEquals("mean", manifest.path("token_mode").asText());

    List<String> texts = List.of("Free money, click now", "Agenda for Monday");
    CliRun score = krnel("score", guard.toString(), texts.get(0), texts.get(1), "--threshold", "0", "--device", "cpu");

    assertEquals(0, score.code(), score.out() + score.err());
    double[] expected;
    try (Guardrail guardrail = Guardrail.load(guard, "cpu", false)) {
      expected = guardrail.score(texts);
    }
    String[] lines = score.out().split("\n");
    assertEquals(2, lines.length, score.out());
    for (int i = 0; i < 2; i++) {
      String decision = expected[i] >= 0 ? "flagged" : "passed";
      assertEquals(String.format(Locale.ROOT, "%.6f", expected[i]) + "\t" + decision + "\t" + texts.get(i), lines[i]);
    }

    // a threshold from an evaluation report: the most accurate one on the training mails
    assertEquals(0, krnel("run", "-f", source.toString(), "-s", "report").code());
    Path result;
    try (var files = Files.walk(dir.resolve("store").resolve("ClassifierEvaluationOp"))) {
      result = files.filter(p -> p.getFileName().toString().equals("result.json")).findFirst().orElseThrow();
    }
    double threshold = new ObjectMapper().readTree(result.toFile()).path("all").path("most_accurate_threshold").asDouble();
    CliRun fromReport = krnel("score", guard.toString(), texts.get(0), "--threshold-from", result.toString(),
        "--device", "cpu");
    assertEquals(0, fromReport.code(), fromReport.err());
    assertEquals(String.format(Locale.ROOT, "%.6f", expected[0]) + "\t" + (expected[0] >= threshold ? "flagged" : "passed")
        + "\t" + texts.get(0) + "\n", fromReport.out());

    // the probe is stored now: -u finds it in the store alone
    String uuid = manifest.path("source").path("probe_uuid").asText();
    CliRun byUuid = krnel("export", "--store", dir.resolve("store").toString(), "-u", uuid, "-o",
        dir.resolve("again").toString());
    assertEquals(0, byUuid.code(), byUuid.out() + byUuid.err());
    assertEquals(Files.mismatch(guard.resolve("guardrail.onnx"), dir.resolve("again").resolve("guardrail.onnx")), -1L);
  }

  @Test
  void mistakesAreOneLineErrorsWithHints() throws Exception {
    Path source = dir.resolve("Guard.java");
    Files.writeString(source, MAIN.replace("STORE", dir.resolve("store").toString()));

    CliRun notAProbe = krnel("export", "-f", source.toString(), "-s", "text", "-o", dir.resolve("x").toString());
    assertEquals(1, notAProbe.code());
    // the store does not exist yet: a note says so before the error
    assertTrue(withoutNotes(notAProbe.err()).startsWith("error: none of the selected ops is a probe"), notAProbe.err());
    assertTrue(notAProbe.err().contains("hint: select one with -s NAME or -u UUID"), notAProbe.err());

    CliRun notAGuardrail = krnel("score", dir.toString(), "hello");
    assertEquals(1, notAGuardrail.code());
    assertTrue(notAGuardrail.err().startsWith("error: guardrail: " + dir + " has no guardrail.json"), notAGuardrail.err());
    assertNoStackTrace(notAProbe);
    assertNoStackTrace(notAGuardrail);
  }

  private static String withoutNotes(String err) {
    return err.lines().filter(line -> !line.startsWith("note: ")).collect(java.util.stream.Collectors.joining("\n"));
  }
}
