package krnel.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import krnel.ops.LLMLayerActivationsOp;
import krnel.ops.LLMLayerActivationsOp.TokenMode;
import krnel.runner.OpFailedException;
import krnel.runner.Runner;
import krnel.types.PromptColumn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LLMLayerActivationsOp on the built-in MiniLM models (read from the model jars on the test classpath). */
class OnnxLayerActivationsTest extends OnnxTesting {
  static final List<String> TEXTS = List.of(
      "Hello world!",
      "Interpretability of transformers, layer by layer.",
      "A much longer prompt that goes on for a while, so that it is padded least and sets the batch width for"
          + " the shorter prompts that share its batch.",
      "Short.",
      "Probes read linear directions from the residual stream of a language model.",
      "ok");

  @Test
  void tokenizerAddsSpecialTokensAndDoesNotPad() throws Exception {
    try (HuggingFaceTokenizer tokenizer = OnnxModel.get(FP32).tokenizer(128)) {
      assertEquals(List.of("[CLS]", "hello", "world", "!", "[SEP]"),
          Arrays.asList(tokenizer.encode("Hello world!").getTokens()));
      assertEquals(2, tokenizer.encode("").getIds().length);
    }
    try (HuggingFaceTokenizer tokenizer = OnnxModel.get(FP32).tokenizer(8)) {
      String[] tokens = tokenizer.encode(TEXTS.get(2)).getTokens();
      assertEquals(8, tokens.length);
      assertEquals("[SEP]", tokens[7]);
    }
  }

  @Test
  void lastLayerEqualsTheUnmodifiedModelsLastHiddenState() throws Exception {
    OnnxModel model = OnnxModel.get(FP32);
    assertEquals(6, model.layers());
    assertEquals("last_hidden_state", model.hiddenState(6));
    PromptColumn text = texts(TEXTS);
    try (OrtSession original = model.original()) {
      for (TokenMode mode : List.of(TokenMode.LAST, TokenMode.MEAN)) {
        float[][] expected = alone(model, original, "last_hidden_state", TEXTS, mode);
        float[][] last = vectors(op(FP32, text, -1, mode).build());
        assertEquals(384, last[0].length);
        assertClose(expected, last, 1e-5);
        assertClose(last, vectors(op(FP32, text, 6, mode).build()), 0);
      }
    }
  }

  @Test
  void intermediateLayerIsTheLayerNormOutput() throws Exception {
    OnnxModel model = OnnxModel.get(FP32);
    // hidden_states[3] = output of encoder layer 2 = its output LayerNorm
    assertEquals("/encoder/layer.2/output/LayerNorm/Add_1_output_0", model.hiddenState(3));
    assertEquals("/embeddings/LayerNorm/Add_1_output_0", model.hiddenState(0));
    for (int[] layer : new int[][] {{3, 2}, {0, -1}}) {
      String prefix = layer[1] < 0 ? "embeddings.LayerNorm." : "encoder.layer." + layer[1] + ".output.LayerNorm.";
      float[] gamma = OnnxGraphs.floats(model.proto.getGraph(), prefix + "weight");
      float[] beta = OnnxGraphs.floats(model.proto.getGraph(), prefix + "bias");
      try (HuggingFaceTokenizer tokenizer = model.tokenizer(128)) {
        List<LayerActivations.Tokens> tokens = LayerActivations.tokenize(tokenizer, TEXTS);
        LayerActivations.States states = LayerActivations.forward(model.session(layer[0], true), tokens);
        int checked = 0;
        for (int r = 0; r < tokens.size(); r++) {
          for (int p = 0; p < tokens.get(r).length(); p++) {
            double mean = 0;
            double square = 0;
            for (int k = 0; k < 384; k++) {
              double x = (states.values()[(r * states.width() + p) * 384 + k] - beta[k]) / gamma[k];
              mean += x;
              square += x * x;
            }
            mean /= 384;
            double variance = square / 384 - mean * mean;
            assertTrue(Math.abs(mean) < 1e-5, "mean " + mean);
            assertTrue(Math.abs(variance - 1) < 1e-4, "variance " + variance);
            checked++;
          }
        }
        assertTrue(checked > 60);
        // the pruned graph gives what the whole graph gives for the same tensor
        LayerActivations.States full = LayerActivations.forward(model.session(layer[0], false), tokens);
        assertArrayEquals(full.values(), states.values());
      }
    }
    // the layer really differs from the last one, and the op serves it
    PromptColumn text = texts(TEXTS);
    float[][] layer3 = vectors(op(FP32, text, 3, TokenMode.MEAN).build());
    float[][] last = vectors(op(FP32, text, -1, TokenMode.MEAN).build());
    assertTrue(cosine(layer3[1], last[1]) < 0.95);
    assertClose(layer3, vectors(op(FP32, text, -4, TokenMode.MEAN).build()), 0);
    assertClose(vectors(op(FP32, text, 0, TokenMode.LAST).build()),
        vectors(op(FP32, text, -7, TokenMode.LAST).build()), 0);
  }

  @Test
  void aPromptAloneEqualsThePromptBatchedWithLongerOnes() {
    for (TokenMode mode : List.of(TokenMode.LAST, TokenMode.MEAN)) {
      float[][] batched = vectors(op(FP32, texts(TEXTS), 2, mode).batchSize(8).build());
      for (int i : new int[] {0, 3, 5}) {
        float[][] alone = vectors(op(FP32, texts(List.of(TEXTS.get(i))), 2, mode).batchSize(1).build());
        assertClose(alone, new float[][] {batched[i]}, 1e-5);
      }
      // batch size and length sorting do not change results beyond float noise, and order is kept
      assertClose(batched, vectors(op(FP32, texts(TEXTS), 2, mode).batchSize(1).build()), 1e-5);
      List<String> reversed = new ArrayList<>(TEXTS);
      java.util.Collections.reverse(reversed);
      float[][] back = vectors(op(FP32, texts(reversed), 2, mode).batchSize(3).build());
      for (int i = 0; i < TEXTS.size(); i++) {
        assertClose(new float[][] {batched[i]}, new float[][] {back[TEXTS.size() - 1 - i]}, 1e-5);
      }
    }
  }

  @Test
  void emptyStringIsClsSepAndNullIsAnErrorNamingTheRow() {
    List<String> texts = new ArrayList<>(Arrays.asList("", "Hello world!"));
    float[][] rows = vectors(op(FP32, texts(texts), -1, TokenMode.MEAN).build());
    assertEquals(2, rows.length);
    assertClose(vectors(op(FP32, texts(List.of("")), -1, TokenMode.MEAN).build()), new float[][] {rows[0]}, 1e-5);
    assertClose(vectors(op(FP32, texts(List.of("Hello world!")), -1, TokenMode.MEAN).build()),
        new float[][] {rows[1]}, 1e-5);
    for (TokenMode mode : TokenMode.values()) {
      assertFails(op(FP32, texts(Arrays.asList("", null, "Hello world!")), -1, mode).build(),
          "text: row 1 is null", "maskRows");
    }
  }

  @Test
  void layerOutOfRangeNamesTheOpTheFieldAndTheRange() {
    PromptColumn text = texts(TEXTS);
    for (int layer : new int[] {7, -8}) {
      LLMLayerActivationsOp op = op(FP32, text, layer, TokenMode.LAST).build();
      OpFailedException e = assertThrows(OpFailedException.class, () -> runner.materialize(op));
      assertTrue(e.getMessage().startsWith("LLMLayerActivationsOp " + op.uuid()), e.getMessage());
      for (String part : List.of("layer_num: " + layer, "out of range", "6 layers", "0..6", "-7..-1")) {
        assertTrue(e.getMessage().contains(part), () -> "expected \"" + part + "\" in: " + e.getMessage());
      }
    }
  }

  @Test
  void unknownSchemesAndModelsAreErrors() {
    PromptColumn text = texts(TEXTS);
    assertFails(op("tl:gpt2", text, -1, TokenMode.LAST).build(), "model_name", "no provider registered for scheme: tl");
    assertFails(op("minilm", text, -1, TokenMode.LAST).build(), "model_name", "no scheme");
    assertFails(op("builtin:gpt2", text, -1, TokenMode.LAST).build(), "model_name", "all-minilm-l6-v2");
    assertFails(op("onnx:/nonexistent/dir", text, -1, TokenMode.LAST).build(), "model_name", "model.onnx");
  }

  @Test
  void unsupportedInputsAndSettingsAreErrors() {
    Map<String, List<?>> data = new LinkedHashMap<>();
    data.put("j", List.of(Map.of("role", "user", "content", "hi")));
    PromptColumn json = runner.fromInlineDataset(data).colJson("j");
    assertFails(op(FP32, json, -1, TokenMode.LAST).build(), "text:", "has no chat template");
    PromptColumn text = texts(TEXTS);
    assertFails(op(FP32, text, -1, TokenMode.LAST).dtype("bfloat16").build(), "dtype", "\"bfloat16\"",
        "float32 or float16");
    assertFails(op(FP32, text, -1, TokenMode.LAST).dtype("float64").build(), "dtype", "float32 or float16");
    assertFails(op(FP32, text, -1, TokenMode.LAST).device("mps").build(), "device: \"mps\"", "auto, cpu, cuda, cuda:N, coreml");
    assertFails(op(FP32, text, -1, TokenMode.LAST).batchSize(0).build(), "batch_size");
    assertFails(op(FP32, text, -1, TokenMode.LAST).maxLength(1024).build(), "max_length", "512");
  }

  @Test
  void int8ModelMatchesItsOwnLastHiddenStateAndRoughlyTheFp32One() throws Exception {
    OnnxModel model = OnnxModel.get(INT8);
    assertEquals(6, model.layers());
    PromptColumn text = texts(TEXTS);
    float[][] int8 = vectors(op(INT8, text, -1, TokenMode.MEAN).batchSize(1).build());
    try (OrtSession original = model.original()) {
      assertClose(alone(model, original, "last_hidden_state", TEXTS, TokenMode.MEAN), int8, 1e-5);
    }
    // dynamic quantization (DynamicQuantizeLinear) picks one scale per tensor over the whole batch, pads
    // included: run in batches of 4, a prompt's int8 vector moves with its neighbours ...
    assertTrue(OnnxGraphs.quantizesDynamically(model.proto.getGraph()));
    assertFalse(OnnxGraphs.quantizesDynamically(OnnxModel.get(FP32).proto.getGraph()));
    List<LayerActivations.Tokens> tokens = tokenize(model, 128, TEXTS);
    float[][] direct = LayerActivations.compute(model.session(6, true), tokens, TokenMode.MEAN, 4, n -> { }).rows();
    double worst = 1;
    for (int i = 0; i < TEXTS.size(); i++) {
      worst = Math.min(worst, cosine(int8[i], direct[i]));
    }
    System.out.println("int8 batch 1 vs batch 4 run directly, worst cosine: " + worst);
    assertTrue(worst < 0.9999, "batching no longer changes int8 results (cosine " + worst + "): is batch size 1 still needed?");
    // ... so the op runs int8 models one prompt at a time, and batch_size does not change the result
    assertClose(int8, vectors(op(INT8, text, -1, TokenMode.MEAN).batchSize(4).build()), 1e-5);
    assertClose(int8, vectors(op(INT8, text, -1, TokenMode.MEAN).batchSize(32).build()), 1e-5);
    float[][] fp32 = vectors(op(FP32, text, -1, TokenMode.MEAN).build());
    worst = 1;
    for (int i = 0; i < TEXTS.size(); i++) {
      assertTrue(cosine(int8[i], fp32[i]) > 0.9, "cosine " + cosine(int8[i], fp32[i]));
      worst = Math.min(worst, cosine(int8[i], fp32[i]));
    }
    System.out.println("int8 vs fp32 last layer mean, worst cosine: " + worst);
  }

  @Test
  void onnxDirectoryModel(@TempDir Path dir) throws Exception {
    ClassLoader loader = getClass().getClassLoader();
    try (var model = loader.getResourceAsStream("all-minilm-l6-v2-q.onnx");
        var tokenizer = loader.getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json")) {
      Files.copy(model, dir.resolve("model.onnx"));
      Files.copy(tokenizer, dir.resolve("tokenizer.json"));
    }
    PromptColumn text = texts(TEXTS);
    assertClose(vectors(op(INT8, text, 2, TokenMode.LAST).build()),
        vectors(op("onnx:" + dir, text, 2, TokenMode.LAST).build()), 0);
  }

  @Test
  void resultsSurviveADirectoryStore(@TempDir Path dir) {
    List<String> texts = List.of("Hello world!", "");
    float[][] inMemory = vectors(op(INT8, texts(texts), 1, TokenMode.LAST).build());
    Runner memory = runner;
    try (Runner local = Runner.open(dir.toString())) {
      runner = local;
      LLMLayerActivationsOp op = op(INT8, texts(texts), 1, TokenMode.LAST).build();
      local.materialize(op);
      assertClose(inMemory, vectors(op), 0);
    } finally {
      runner = memory;
    }
  }
}
