package krnel.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import krnel.graph.GraphJson;
import krnel.ops.LLMLayerActivationsOp;
import krnel.ops.LLMLayerActivationsOp.TokenMode;
import krnel.runner.Runner;
import krnel.types.PromptColumn;
import org.apache.arrow.memory.util.Float16;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** token_mode all, dtype float16 and max_length on the built-in fp32 MiniLM. */
class OnnxOutputModesTest extends OnnxTesting {
  static final List<String> TEXTS = OnnxLayerActivationsTest.TEXTS;

  @Test
  void allIsEveryRealTokensVectorInTokenOrder() throws Exception {
    List<String> texts = new ArrayList<>(TEXTS);
    texts.add("");
    PromptColumn text = texts(texts);
    float[][][] all = tokenVectors(op(FP32, text, 2, TokenMode.ALL).build(), FloatingPointPrecision.SINGLE);
    float[][] last = vectors(op(FP32, text, 2, TokenMode.LAST).build());
    float[][] mean = vectors(op(FP32, text, 2, TokenMode.MEAN).build());
    List<LayerActivations.Tokens> tokens;
    try (HuggingFaceTokenizer tokenizer = OnnxModel.get(FP32).tokenizer(128)) {
      tokens = LayerActivations.tokenize(tokenizer, texts);
    }
    assertEquals(texts.size(), all.length);
    assertEquals(2, all[texts.size() - 1].length); // "" is [CLS] [SEP]
    for (int i = 0; i < texts.size(); i++) {
      assertEquals(tokens.get(i).length(), all[i].length, "row " + i);
      assertEquals(384, all[i][0].length);
      // the same batches ran, so the last token is exactly the last-token result, and the mean of
      // the tokens is the mean result up to summation order
      assertClose(new float[][] {last[i]}, new float[][] {all[i][all[i].length - 1]}, 0);
      float[] average = new float[384];
      for (float[] token : all[i]) {
        for (int k = 0; k < 384; k++) {
          average[k] += token[k] / all[i].length;
        }
      }
      assertClose(new float[][] {mean[i]}, new float[][] {average}, 1e-5);
    }
    // every token, not just pooled ones, is independent of its batch
    float[][][] alone = tokenVectors(op(FP32, texts(List.of(TEXTS.get(0))), 2, TokenMode.ALL).batchSize(1).build(),
        FloatingPointPrecision.SINGLE);
    assertClose(alone[0], all[0], 1e-5);
  }

  @Test
  void float16IsTheFloat32ResultRoundedOnce() {
    PromptColumn text = texts(TEXTS);
    for (TokenMode mode : List.of(TokenMode.LAST, TokenMode.MEAN)) {
      LLMLayerActivationsOp fp32 = op(FP32, text, -1, mode).build();
      LLMLayerActivationsOp fp16 = op(FP32, text, -1, mode).dtype("float16").build();
      assertNotEquals(fp32.uuid(), fp16.uuid());
      float[][] single = vectors(fp32);
      float[][] half = vectors(fp16, FloatingPointPrecision.HALF);
      for (int i = 0; i < single.length; i++) {
        for (int k = 0; k < single[i].length; k++) {
          assertEquals(Float16.toFloat(Float16.toFloat16(single[i][k])), half[i][k], "row " + i + " [" + k + "]");
        }
      }
      assertClose(single, vectors(op(FP32, text, -1, mode).dtype("float32").build()), 0);
    }
  }

  @Test
  void allTokensInFloat16SurviveADirectoryStore(@TempDir Path dir) {
    List<String> texts = List.of("Hello world!", "", "Probes read linear directions.");
    float[][][] inMemory = tokenVectors(op(FP32, texts(texts), 1, TokenMode.ALL).dtype("float16").build(),
        FloatingPointPrecision.HALF);
    Runner memory = runner;
    try (Runner local = Runner.open(dir.toString())) {
      runner = local;
      LLMLayerActivationsOp op = op(FP32, texts(texts), 1, TokenMode.ALL).dtype("float16").build();
      local.materialize(op);
      float[][][] stored = tokenVectors(op, FloatingPointPrecision.HALF);
      assertEquals(3, stored.length);
      for (int i = 0; i < 3; i++) {
        assertClose(inMemory[i], stored[i], 0);
      }
    } finally {
      runner = memory;
    }
  }

  @Test
  void aPromptLongerThanMaxLengthIsCutOnTheRightKeepingSep() {
    String longer = "one two three four five six seven eight nine ten eleven twelve";
    String kept = "one two three four five six"; // [CLS] + 6 words + [SEP] = 8 tokens
    float[][] cut = vectors(op(FP32, texts(List.of(longer)), -1, TokenMode.MEAN).maxLength(8).build());
    float[][] whole = vectors(op(FP32, texts(List.of(kept)), -1, TokenMode.MEAN).build());
    assertClose(whole, cut, 1e-5);
    float[][][] tokens = tokenVectors(op(FP32, texts(List.of(longer)), -1, TokenMode.ALL).maxLength(8).build(),
        FloatingPointPrecision.SINGLE);
    assertEquals(8, tokens[0].length);
  }

  @Test
  void anUnknownTokenModeInGraphJsonNamesTheFieldAndTheChoices() {
    LLMLayerActivationsOp op = op(FP32, texts(TEXTS), -1, TokenMode.LAST).build();
    String json = GraphJson.write(op).replace("\"token_mode\": \"last\"", "\"token_mode\": \"max\"");
    assertNotEquals(GraphJson.write(op), json);
    RuntimeException e = assertThrows(RuntimeException.class, () -> GraphJson.read(json));
    for (String part : List.of("LLMLayerActivationsOp.token_mode", "max", "[last, mean, all]")) {
      assertTrue(e.getMessage().contains(part), () -> "expected \"" + part + "\" in: " + e.getMessage());
    }
  }
}
