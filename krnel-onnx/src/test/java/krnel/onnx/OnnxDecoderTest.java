package krnel.onnx;

import static krnel.onnx.VectorResults.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import krnel.ops.ImmutableLLMLayerActivationsOp;
import krnel.ops.ImmutableLLMLogitScoresOp;
import krnel.ops.LLMLayerActivationsOp.TokenMode;
import krnel.runner.FileHashes;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decoders on the tiny random models of {@code src/test/resources/decoders} (made by its
 * {@code make_fixtures.py}), a GPT-2 and a Llama layout: hidden states and logit scores against the
 * values PyTorch computed for the same weights ({@code reference.json}).
 */
class OnnxDecoderTest extends OnnxTesting {
  /** ORT and PyTorch run the same float32 graph with different kernels. */
  static final double TORCH_TOLERANCE = 1e-4;

  /** One fixture folder: its path, its {@code onnx:} model name, what PyTorch computed, and the prompts. */
  record Fixture(Path dir, String model, JsonNode reference, List<String> prompts) {
    static Fixture load(String name) {
      try {
        Path dir = Path.of(OnnxDecoderTest.class.getResource("/decoders/" + name + "/model.onnx").toURI()).getParent();
        JsonNode reference = new ObjectMapper().readTree(dir.resolve("reference.json").toFile());
        List<String> prompts = new ArrayList<>();
        for (JsonNode prompt : reference.get("prompts")) {
          prompts.add(prompt.get("text").asText());
        }
        return new Fixture(dir, "onnx:" + dir, reference, prompts);
      } catch (Exception e) {
        throw new IllegalStateException("cannot load the fixture " + name, e);
      }
    }

    @Override
    public String toString() {
      return dir.getFileName().toString();
    }
  }

  static final Fixture GPT2 = Fixture.load("gpt2-tiny");
  static final Fixture LLAMA = Fixture.load("llama-tiny");

  static List<Fixture> fixtures() {
    return List.of(GPT2, LLAMA);
  }

  private ImmutableLLMLayerActivationsOp.Builder activations(Fixture f, List<String> texts, int layer, TokenMode mode) {
    return ImmutableLLMLayerActivationsOp.builder().modelName(f.model()).text(texts(texts)).layerNum(layer)
        .tokenMode(mode).batchSize(2).maxLength(64);
  }

  private ImmutableLLMLogitScoresOp.Builder logits(Fixture f, List<String> texts, List<?> tokens) {
    return ImmutableLLMLogitScoresOp.builder().modelName(f.model()).text(texts(texts)).logitTokenIds(tokens)
        .batchSize(2).maxLength(64);
  }

  /** {@code reference.json}'s {@code key} of every prompt, as rows; {@code layer} picks one hidden state. */
  private static float[][] expected(Fixture f, String key, int layer) {
    float[][] rows = new float[f.prompts().size()][];
    for (int i = 0; i < rows.length; i++) {
      JsonNode values = f.reference().get("prompts").get(i).get(key);
      if (layer >= 0) {
        values = values.get(layer);
      }
      rows[i] = new float[values.size()];
      for (int k = 0; k < rows[i].length; k++) {
        rows[i][k] = (float) values.get(k).asDouble();
      }
    }
    return rows;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void fixtureFilesMatchTheirChecksums(Fixture f) throws Exception {
    List<String> lines = Files.readAllLines(f.dir().resolve("CHECKSUMS"));
    assertEquals(3, lines.size());
    for (String line : lines) {
      String[] parts = line.split(" {2}");
      byte[] bytes = Files.readAllBytes(f.dir().resolve(parts[1]));
      assertTrue(bytes.length < 1 << 20, parts[1] + " is over 1 MB");
      assertEquals(parts[0], HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
          parts[1] + " changed: rerun make_fixtures.py and commit all its outputs together");
    }
  }

  @Test
  void tokenizerIsByteLevelBpeAndMatchesTheScript() throws Exception {
    try (HuggingFaceTokenizer tokenizer = OnnxModel.get(GPT2.model()).tokenizer(64)) {
      for (JsonNode prompt : GPT2.reference().get("prompts")) {
        long[] expected = new long[prompt.get("ids").size()];
        for (int k = 0; k < expected.length; k++) {
          expected[k] = prompt.get("ids").get(k).asLong();
        }
        String text = prompt.get("text").asText();
        assertArrayEquals(expected, tokenizer.encode(text).getIds(), text);
        assertEquals(text, tokenizer.decode(expected));
      }
      // byte-level: any string tokenizes, with no special tokens added
      assertEquals(List.of("Ġyes"), Arrays.asList(tokenizer.encode(" yes").getTokens()));
      assertEquals(0, tokenizer.encode("").getIds().length);
    }
  }

  @Test
  void layersAreHuggingFaceHiddenStates() {
    OnnxModel gpt2 = OnnxModel.get(GPT2.model());
    assertEquals(ModelFamily.GPT2, gpt2.family);
    assertEquals(3, gpt2.layers());
    assertEquals(64, gpt2.maxPositions);
    assertEquals(32, gpt2.hiddenSize());
    assertEquals("/transformer/Add_output_0", gpt2.hiddenState(0));          // wte + wpe
    assertEquals("/transformer/h.0/Add_1_output_0", gpt2.hiddenState(1));    // leaving block 0
    assertEquals("/transformer/h.1/Add_1_output_0", gpt2.hiddenState(2));
    assertEquals("/transformer/ln_f/Add_1_output_0", gpt2.hiddenState(3));   // after the final LayerNorm

    OnnxModel llama = OnnxModel.get(LLAMA.model());
    assertEquals(ModelFamily.LLAMA, llama.family);
    assertEquals(3, llama.layers());
    assertEquals(-1, llama.maxPositions);                                  // rotary: no position table
    assertEquals(32, llama.hiddenSize());
    assertEquals("/model/embed_tokens/Gather_output_0", llama.hiddenState(0));
    assertEquals("/model/layers.0/Add_1_output_0", llama.hiddenState(1));
    assertEquals("/model/norm/Mul_1_output_0", llama.hiddenState(3));      // after the final RMSNorm
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void everyLayerMatchesPyTorchForLastAndMean(Fixture f) {
    int layers = f.reference().get("n_layer").asInt();
    for (TokenMode mode : List.of(TokenMode.LAST, TokenMode.MEAN)) {
      for (int layer = 0; layer <= layers; layer++) {
        float[][] expected = expected(f, mode == TokenMode.LAST ? "last" : "mean", layer);
        // batches of 2 mix lengths, so prompts are right-padded and positions come from the mask
        float[][] actual = VectorResults.rows(runner, activations(f, f.prompts(), layer, mode).build());
        assertClose(expected, actual, TORCH_TOLERANCE);
        float[][] negative = VectorResults.rows(runner, activations(f, f.prompts(), layer - layers - 1, mode).build());
        assertClose(actual, negative, 0);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void aPromptsVectorDoesNotDependOnItsBatch(Fixture f) {
    List<String> texts = f.prompts();
    for (TokenMode mode : List.of(TokenMode.LAST, TokenMode.MEAN)) {
      float[][] batched = VectorResults.rows(runner, activations(f, texts, 2, mode).batchSize(8).build());
      float[][] alone = VectorResults.rows(runner, activations(f, texts, 2, mode).batchSize(1).build());
      assertClose(alone, batched, 1e-5);
    }
  }

  @Test
  void layerOutOfRangeEmptyPromptsAndTooLongInputsAreErrors() {
    for (int layer : new int[] {4, -5}) {
      assertFails(activations(GPT2, GPT2.prompts(), layer, TokenMode.LAST).build(),
          "layer_num: " + layer, "out of range", "3 layers", "0..3", "-4..-1");
    }
    assertFails(activations(GPT2, List.of("ok", ""), -1, TokenMode.LAST).build(), "text: row 1 has no tokens");
    assertFails(activations(GPT2, GPT2.prompts(), -1, TokenMode.LAST).maxLength(65).build(), "max_length", "64 positions");
  }

  @Test
  void truncationKeepsTheFirstMaxLengthTokens() {
    // "Is this message safe? Answer yes or no." cut to 4 tokens is "Is", "Ġt", "his", "Ġm": "Is this m"
    for (Fixture f : fixtures()) {
      float[][] cut = VectorResults.rows(runner,
          activations(f, List.of(f.prompts().get(1)), -1, TokenMode.LAST).maxLength(4).build());
      float[][] whole = VectorResults.rows(runner, activations(f, List.of("Is this m"), -1, TokenMode.LAST).build());
      assertClose(whole, cut, 1e-6);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void logitScoresAreRawLogitsAtTheLastTokenInTheRequestedOrder(Fixture f) throws Exception {
    Vocabulary vocabulary = Vocabulary.of(Files.readAllBytes(f.dir().resolve("tokenizer.json")));
    int yes = vocabulary.id("Ġyes");
    int no = vocabulary.id("Ġno");
    int eos = vocabulary.id("<|endoftext|>");
    assertEquals(f.reference().get("vocab_size").asInt(), vocabulary.size());
    float[][] logits = expected(f, "logits_last", -1);
    List<String> texts = f.prompts();
    float[][] scores = VectorResults.rows(runner, logits(f, texts, List.of("Ġno", "Ġyes", 7, eos)).build());
    assertEquals(texts.size(), scores.length);
    List<String> withNull = new ArrayList<>(texts);
    withNull.add(2, null);
    assertFails(logits(f, withNull, List.of("Ġyes")).build(), "text: row 2 is null");
    for (int i = 0; i < f.prompts().size(); i++) {
      float[] row = scores[i];
      float[] all = logits[i];
      assertClose(new float[][] {{all[no], all[yes], all[7], all[eos]}}, new float[][] {row}, TORCH_TOLERANCE);
    }
    // the fluent call of the README builds the same op
    assertEquals(logits(f, texts, List.of("Ġyes")).batchSize(32).maxLength(null).applyChatTemplate(false).build(),
        texts(texts).llmLogitScores(f.model(), List.of("Ġyes"), o -> o.applyChatTemplate(false)));
    // batching does not change them
    assertClose(scores, VectorResults.rows(runner,
        logits(f, texts, List.of("Ġno", "Ġyes", 7, eos)).batchSize(1).build()), 1e-5);
  }

  @Test
  void logitScoresReadPromptsThroughTheChatTemplateAndItsAppendedText(@TempDir Path dir) throws Exception {
    Files.copy(GPT2.dir().resolve("model.onnx"), dir.resolve("model.onnx"));
    Files.copy(GPT2.dir().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
    Files.writeString(dir.resolve("chat_template.jinja"), "{% for m in messages %}<{{ m['role'] }}>{{ m['content'] }}\n"
        + "{% endfor %}{% if add_generation_prompt %}<assistant>{% endif %}");
    Fixture chat = new Fixture(dir, "onnx:" + dir, GPT2.reference(), GPT2.prompts());
    List<Object> tokens = List.of("Ġyes", "Ġno");
    List<String> prompts = List.of("Is this message safe?", "hi");
    List<String> rendered = prompts.stream().map(p -> "<user>" + p + "\n<assistant>").toList();

    ImmutableLLMLogitScoresOp op = logits(chat, prompts, tokens).build();
    float[][] templated = VectorResults.rows(runner, op);
    assertEquals(Map.of("model_sha256", FileHashes.sha256(dir.resolve("model.onnx"))), runner.status(op).provenance());
    float[][] byHand = VectorResults.rows(runner, logits(chat, rendered, tokens).applyChatTemplate(false).build());
    assertClose(byHand, templated, 1e-6);

    float[][] appended = VectorResults.rows(runner, logits(chat, prompts, tokens).appendToChatTemplate(" Answer:").build());
    float[][] appendedByHand = VectorResults.rows(runner,
        logits(chat, rendered.stream().map(r -> r + " Answer:").toList(), tokens).applyChatTemplate(false).build());
    assertClose(appendedByHand, appended, 1e-6);
    assertFails(logits(chat, prompts, tokens).appendToChatTemplate(" Answer:").applyChatTemplate(false).build(),
        "append_to_chat_template", "apply_chat_template=true");

    float[][] half = VectorResults.rows(runner, logits(chat, prompts, tokens).dtype("float16").build(),
        FloatingPointPrecision.HALF);
    assertClose(templated, half, 1e-2);
  }

  @Test
  void badLogitTokensAndModelsWithoutAnLmHeadAreErrors() {
    List<String> prompts = GPT2.prompts();
    assertFails(logits(GPT2, prompts, List.of("answer")).build(), "logit_token_ids",
        "\"answer\" is not in the vocabulary", "did you mean \"Ġanswer\"");
    assertFails(logits(GPT2, prompts, List.of("Ġsquirrel")).build(), "logit_token_ids",
        "\"Ġsquirrel\" is not in the vocabulary");
    assertFails(logits(GPT2, prompts, List.of(377)).build(), "logit_token_ids", "377 is out of range", "0..376");
    assertFails(logits(GPT2, prompts, List.of(-1)).build(), "logit_token_ids", "-1 is out of range");
    assertFails(logits(GPT2, prompts, List.of(1.5)).build(), "logit_token_ids", "string or an integer id", "Double 1.5");
    assertFails(logits(GPT2, prompts, List.of()).build(), "logit_token_ids", "empty");
    assertFails(logits(GPT2, prompts, List.of("Ġyes")).device("mps").build(), "device: \"mps\"", "auto, cpu, cuda");
    assertFails(logits(GPT2, prompts, List.of("Ġyes")).appendToChatTemplate("Answer:").build(), "append_to_chat_template",
        "has none");
    assertFails(logits(GPT2, prompts, List.of("Ġyes")).modelName("builtin:all-minilm-l6-v2-q").build(),
        "model_name", "has no LM head", "BERT encoder", "--task text-generation");
  }
}
