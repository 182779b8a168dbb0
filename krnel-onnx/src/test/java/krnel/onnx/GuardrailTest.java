package krnel.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import krnel.ops.LLMLayerActivationsOp;
import krnel.ops.LLMLayerActivationsOp.TokenMode;
import krnel.ops.TrainClassifierOp.Preprocessing;
import krnel.types.BooleanColumn;
import krnel.types.Classifier;
import krnel.types.Dataset;
import krnel.types.TextColumn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exported guardrails score as the research graph does: {@code probe.predict(x)} through the runner against {@link
 * Guardrail#score} on the exported folder, within 1e-5, for each exportable probe kind, token mode, model family and
 * with a chat template; and the exported file alone, run by ONNX Runtime from token ids.
 */
class GuardrailTest extends OnnxTesting {
  static final double TOLERANCE = 1e-5;

  /** Short prompts, half of them spam-like, so every probe has two classes to separate. */
  static final List<String> TEXTS = List.of(
      "Win a free cruise now, click here!!", "Meeting moved to Thursday at ten.",
      "Cheap money offer, order today and save $$$", "Can you review my pull request?",
      "You have been selected for a cash prize", "The build is green again.",
      "Remove your debt with our guaranteed plan", "Lunch at noon?",
      "Limited offer: free pills, click the link", "Notes from the design review are attached.",
      "Make money fast from home!!!", "I pushed the fix for the flaky test.",
      "Claim your free gift card today", "See you at the standup tomorrow.",
      "Earn $5000 a week, no experience", "The probe reads layer three.");

  @TempDir Path dir;

  /** The decoder fixtures have 64 positions. */
  static LLMLayerActivationsOp decoder(OnnxDecoderTest.Fixture f, TextColumn text, int layer, TokenMode mode) {
    return op(f.model(), text, layer, mode).maxLength(64).build();
  }

  private Dataset dataset;

  private TextColumn text() {
    Map<String, List<?>> data = new LinkedHashMap<>();
    data.put("text", new ArrayList<>(TEXTS));
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < TEXTS.size(); i++) {
      labels.add(i % 2 == 0 ? "spam" : "ham");
    }
    data.put("label", labels);
    dataset = runner.fromInlineDataset(data);
    return dataset.colText("text");
  }

  private BooleanColumn spam() {
    return dataset.colCategorical("label").isIn("spam");
  }

  /** Exports {@code probe} on {@code x}, scores {@link #TEXTS} both ways and compares; returns the guardrail's scores. */
  private double[] assertParity(Classifier probe, LLMLayerActivationsOp x, Path folder) {
    double[] expected = runner.toDoubleArray(probe.predict(x));
    Guardrails.export(runner, probe, x, folder, Guardrails.Options.defaults());
    double[] actual;
    try (Guardrail guardrail = Guardrail.load(folder, "cpu", false)) {
      actual = guardrail.score(TEXTS);
    }
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], TOLERANCE, probe + " row " + i);
    }
    return actual;
  }

  private void assertParityForEachKind(LLMLayerActivationsOp x, List<String> kinds) {
    for (String kind : kinds) {
      Classifier probe = x.trainClassifier(kind, spam(), o -> o.preprocessing(preprocessing(kind)));
      assertParity(probe, x, dir.resolve(kind));
    }
  }

  /** Each kind with another preprocessing, so all three are covered. */
  private static Preprocessing preprocessing(String kind) {
    switch (kind) {
      case "linear_svc": case "rbf_svc": return Preprocessing.NORMALIZE;
      case "sgd": case "sgd_nystroem": return Preprocessing.NONE;
      default: return Preprocessing.STANDARDIZE;
    }
  }

  static final List<String> ALL_KINDS = List.of("logistic_regression", "linear_svc", "sgd", "passive_aggressive",
      "naive_bayes", "rbf_svc", "rbf_nusvm", "calibrated_rbf_nusvm", "sgd_nystroem", "sgd_nystroem_one_class_svm", "random_forest");

  @Test
  void everyExportableKindOnGpt2LastToken() {
    LLMLayerActivationsOp x = decoder(OnnxDecoderTest.GPT2, text(), 2, TokenMode.LAST);
    assertParityForEachKind(x, ALL_KINDS);
  }

  @Test
  void everyExportableKindOnLlamaMean() {
    LLMLayerActivationsOp x = op(OnnxDecoderTest.LLAMA.model(), text(), -1, TokenMode.MEAN).maxLength(64).batchSize(3).build();
    assertParityForEachKind(x, ALL_KINDS);
  }

  @Test
  void miniLmMeanAndLastLinearAndNaiveBayes() {
    TextColumn text = text();
    assertParityForEachKind(op(FP32, text, -1, TokenMode.MEAN).build(), List.of("logistic_regression", "naive_bayes"));
    assertParityForEachKind(op(FP32, text, 3, TokenMode.LAST).build(), List.of("linear_svc", "rbf_svc"));
  }

  @Test
  void promptsAreTruncatedAsTheOpTruncatesThem() {
    LLMLayerActivationsOp x = op(OnnxDecoderTest.GPT2.model(), text(), 2, TokenMode.MEAN).maxLength(6).build();
    assertParity(x.trainClassifier("logistic_regression", spam()), x, dir.resolve("short"));
  }

  @Test
  void float16ActivationsAreRoundedInsideTheGraph() {
    LLMLayerActivationsOp x = op(OnnxDecoderTest.GPT2.model(), text(), 1, TokenMode.MEAN).maxLength(64).dtype("float16").build();
    assertParity(x.trainClassifier("logistic_regression", spam()), x, dir.resolve("fp16-activations"));
  }

  @Test
  void chatTemplateIsAppliedAsTheOpAppliesIt() throws Exception {
    Path model = dir.resolve("chat-model");
    Files.createDirectories(model);
    ClassLoader loader = getClass().getClassLoader();
    for (String[] copy : new String[][] {{"all-minilm-l6-v2.onnx", "model.onnx"},
        {"all-minilm-l6-v2-tokenizer.json", "tokenizer.json"}, {"chat-minilm/tokenizer_config.json", "tokenizer_config.json"}}) {
      try (InputStream in = loader.getResourceAsStream(copy[0])) {
        Files.copy(in, model.resolve(copy[1]));
      }
    }
    TextColumn text = text();
    LLMLayerActivationsOp chat = op("onnx:" + model, text, 2, TokenMode.LAST).build();
    LLMLayerActivationsOp plain = op("onnx:" + model, text, 2, TokenMode.LAST).applyChatTemplate(false).build();
    double[] withTemplate = assertParity(chat.trainClassifier("logistic_regression", spam()), chat, dir.resolve("chat"));
    double[] without = assertParity(plain.trainClassifier("logistic_regression", spam()), plain, dir.resolve("plain"));
    assertFalse(java.util.Arrays.equals(withTemplate, without), "the template changes the prompts");
    JsonNode manifest = new ObjectMapper().readTree(dir.resolve("chat").resolve(Guardrails.MANIFEST).toFile());
    assertTrue(manifest.path("chat_template").path("apply").asBoolean());
    assertEquals("tokenizer_config.json", manifest.path("chat_template").path("file").asText());
    assertTrue(Files.exists(dir.resolve("chat").resolve("tokenizer_config.json")));
    assertFalse(new ObjectMapper().readTree(dir.resolve("plain").resolve(Guardrails.MANIFEST).toFile())
        .path("chat_template").path("apply").asBoolean());

    // conversations: a system message before each prompt, rendered by the same template
    List<List<Map<String, String>>> conversations = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < TEXTS.size(); i++) {
      conversations.add(List.of(Map.of("role", "system", "content", "Be brief."), Map.of("role", "user", "content",
          TEXTS.get(i))));
      labels.add(i % 2 == 0 ? "spam" : "ham");
    }
    Map<String, List<?>> data = new LinkedHashMap<>();
    data.put("chat", conversations);
    data.put("label", labels);
    Dataset chats = runner.fromInlineDataset(data);
    LLMLayerActivationsOp x = op("onnx:" + model, chats.colConversation("chat"), 2, TokenMode.MEAN).build();
    Classifier probe = x.trainClassifier("naive_bayes", chats.colCategorical("label").isIn("spam"));
    double[] expected = runner.toDoubleArray(probe.predict(x));
    Guardrails.export(runner, probe, x, dir.resolve("conversations"), Guardrails.Options.defaults());
    try (Guardrail guardrail = Guardrail.load(dir.resolve("conversations"), "cpu", false)) {
      double[] actual = guardrail.scoreConversations(conversations);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], actual[i], TOLERANCE, "conversation " + i);
      }
    }
  }

  /** What a service without krnel does: ONNX Runtime alone, token ids in, scores out. */
  @Test
  void theFileAloneScoresFromTokenIds() throws Exception {
    LLMLayerActivationsOp x = decoder(OnnxDecoderTest.GPT2, text(), 2, TokenMode.MEAN);
    Classifier probe = x.trainClassifier("logistic_regression", spam(), o -> o.preprocessing(Preprocessing.STANDARDIZE));
    double[] expected = runner.toDoubleArray(probe.predict(x));
    Path folder = dir.resolve("raw");
    Guardrails.export(runner, probe, x, folder, Guardrails.Options.defaults());
    // two prompts of different lengths in one right-padded batch, tokenized by the exported tokenizer.json
    List<long[]> ids = new ArrayList<>();
    try (ai.djl.huggingface.tokenizers.HuggingFaceTokenizer tokenizer =
        ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.newInstance(folder.resolve("tokenizer.json"))) {
      ids.add(tokenizer.encode(TEXTS.get(0)).getIds());
      ids.add(tokenizer.encode(TEXTS.get(7)).getIds());
    }
    int width = Math.max(ids.get(0).length, ids.get(1).length);
    long[][] input = new long[2][width];
    long[][] mask = new long[2][width];
    for (int r = 0; r < 2; r++) {
      for (int p = 0; p < ids.get(r).length; p++) {
        input[r][p] = ids.get(r)[p];
        mask[r][p] = 1;
      }
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(folder.resolve(Guardrails.ONNX).toString());
        OnnxTensor idTensor = OnnxTensor.createTensor(env, input);
        OnnxTensor maskTensor = OnnxTensor.createTensor(env, mask);
        OrtSession.Result result = session.run(Map.of("input_ids", idTensor, "attention_mask", maskTensor))) {
      double[] scores = (double[]) result.get("score").orElseThrow().getValue();
      assertEquals(expected[0], scores[0], TOLERANCE);
      assertEquals(expected[7], scores[1], TOLERANCE);
    }
  }

  /** A decoder's LM head kept: one forward pass gives the guard's score and the model's logits. */
  @Test
  void logitsComeOutBesideTheScore() throws Exception {
    LLMLayerActivationsOp x = decoder(OnnxDecoderTest.LLAMA, text(), 1, TokenMode.LAST);
    Classifier probe = x.trainClassifier("logistic_regression", spam());
    double[] expected = runner.toDoubleArray(probe.predict(x));
    GuardrailManifest manifest = Guardrails.export(runner, probe, x, dir, Guardrails.Options.defaults().withLogits(true));
    assertTrue(manifest.logits());
    OnnxModel model = OnnxModel.get(x.modelName());
    List<LayerActivations.Tokens> tokens = ChatPrompts.tokenize(model, TEXTS.subList(0, 2), false, true, 64);
    LayerActivations.States reference;
    try (OrtSession original = model.original()) {
      reference = LayerActivations.forward(original, tokens, ModelFamily.LOGITS);
    }
    long[][] ids = new long[2][reference.width()];
    long[][] mask = new long[2][reference.width()];
    for (int r = 0; r < 2; r++) {
      for (int p = 0; p < tokens.get(r).length(); p++) {
        ids[r][p] = tokens.get(r).ids()[p];
        mask[r][p] = 1;
      }
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(dir.resolve(Guardrails.ONNX).toString());
        OnnxTensor idTensor = OnnxTensor.createTensor(env, ids);
        OnnxTensor maskTensor = OnnxTensor.createTensor(env, mask);
        OrtSession.Result result = session.run(Map.of("input_ids", idTensor, "attention_mask", maskTensor))) {
      double[] scores = (double[]) result.get("score").orElseThrow().getValue();
      assertEquals(expected[0], scores[0], TOLERANCE);
      assertEquals(expected[1], scores[1], TOLERANCE);
      java.nio.FloatBuffer logits = ((OnnxTensor) result.get("logits").orElseThrow()).getFloatBuffer();
      assertEquals(reference.values().length, logits.remaining());
      for (int i = 0; i < reference.values().length; i++) {
        assertEquals(reference.values()[i], logits.get(i), 1e-5, "logit " + i);
      }
    }
    try (Guardrail guardrail = Guardrail.load(dir, "cpu", false)) {
      assertEquals(expected[3], guardrail.score(List.of(TEXTS.get(3)))[0], TOLERANCE);
    }
  }

  @Test
  void manifestSaysWhatTheGuardrailIsMadeOf() throws Exception {
    LLMLayerActivationsOp x = decoder(OnnxDecoderTest.GPT2, text(), 2, TokenMode.LAST);
    Classifier probe = x.trainClassifier("naive_bayes", spam());
    GuardrailManifest written = Guardrails.export(probe, x, dir);
    JsonNode json = new ObjectMapper().readTree(dir.resolve(Guardrails.MANIFEST).toFile());
    assertEquals(written, GuardrailManifest.fromJson(json));
    assertEquals(OnnxModel.get(x.modelName()).modelSha256, json.path("model").path("sha256").asText());
    assertEquals("gpt2", json.path("model").path("family").asText());
    assertEquals(2, json.path("layer_num").asInt());
    assertEquals("last", json.path("token_mode").asText());
    assertEquals(64, json.path("max_length").asInt());
    assertEquals("probability", json.path("probe").path("score_kind").asText());
    assertEquals("naive_bayes", json.path("probe").path("model_type").asText());
    assertEquals(x.uuid(), json.path("source").path("activations_uuid").asText());
    assertEquals(probe.uuid(), json.path("source").path("probe_uuid").asText());
    assertEquals("[\"input_ids\",\"attention_mask\"]", json.path("inputs").toString());
    assertEquals("[\"score\"]", json.path("outputs").toString());
  }

  @Test
  void aProbeOfAnotherKindIsRefusedNamingTheExportableKinds() {
    LLMLayerActivationsOp x = decoder(OnnxDecoderTest.GPT2, text(), 2, TokenMode.LAST);
    com.fasterxml.jackson.databind.node.ObjectNode probe =
        (com.fasterxml.jackson.databind.node.ObjectNode) runner.toJson(x.trainClassifier("logistic_regression", spam()));
    probe.put("kind", "boosted_trees");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ProbeGraph("p/", 17).score(probe, "x"));
    assertTrue(e.getMessage().contains("boosted_trees") && e.getMessage().contains("logistic_regression"), e.getMessage());
  }

  @Test
  void forestThresholdsKeepEveryDecision() {
    for (double t : new double[] {0.1, -0.1, 1.0 / 3, 1e-30, -2.5, 0.30000000000000004}) {
      float f = ProbeGraph.floatAtMost(t);
      assertTrue(f <= t && Math.nextUp(f) > t, t + " -> " + f);
    }
  }

  @Test
  void activationsOtherThanTheProbesAreRefused() {
    TextColumn text = text();
    LLMLayerActivationsOp layer2 = decoder(OnnxDecoderTest.GPT2, text, 2, TokenMode.LAST);
    LLMLayerActivationsOp layer1 = decoder(OnnxDecoderTest.GPT2, text, 1, TokenMode.LAST);
    Classifier probe = layer2.trainClassifier("logistic_regression", spam());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Guardrails.export(runner, probe, layer1, dir, Guardrails.Options.defaults()));
    assertTrue(e.getMessage().startsWith("x: ") && e.getMessage().contains("layer 2"), e.getMessage());
  }

  @Test
  void tokenModeAllIsRefused() {
    TextColumn text = text();
    LLMLayerActivationsOp all = decoder(OnnxDecoderTest.GPT2, text, 2, TokenMode.ALL);
    LLMLayerActivationsOp last = decoder(OnnxDecoderTest.GPT2, text, 2, TokenMode.LAST);
    JsonNode probe = runner.toJson(last.trainClassifier("logistic_regression", spam()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GuardrailGraph.build(
        OnnxModel.get(all.modelName()), 2, TokenMode.ALL, false, probe, GuardrailGraph.Precision.FLOAT32));
    assertTrue(e.getMessage().startsWith("token_mode:"), e.getMessage());
  }

  @Test
  void float16ExportRunsOnTheCpuWithinItsPrecision() {
    LLMLayerActivationsOp x = op(FP32, text(), 2, TokenMode.MEAN).build();
    Classifier probe = x.trainClassifier("logistic_regression", spam(), o -> o.preprocessing(Preprocessing.STANDARDIZE));
    double[] expected = runner.toDoubleArray(probe.predict(x));
    Guardrails.export(runner, probe, x, dir, Guardrails.Options.defaults().withFloat16(true));
    try (Guardrail half = Guardrail.load(dir, "cpu", true)) {
      double[] actual = half.score(TEXTS);
      double scale = 0;
      for (double e : expected) {
        scale = Math.max(scale, Math.abs(e));
      }
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], actual[i], 0.05 * scale + 0.05, "row " + i);
        assertTrue(Math.signum(expected[i]) == Math.signum(actual[i]) || Math.abs(expected[i]) < 0.05 * scale,
            "row " + i + " keeps its decision");
      }
    }
  }
}
