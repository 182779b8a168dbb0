package krnel.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import krnel.ops.LLMLayerActivationsOp.TokenMode;
import krnel.types.PromptColumn;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chat templates on an {@code onnx:} directory: the fp32 MiniLM files plus {@code
 * chat-minilm/tokenizer_config.json} (test resources), whose template is our own:
 * {@code [CLS]role: content [SEP]} per message, then {@code assistant: [SEP]} as the generation
 * prompt. {@code renderings.json} beside it is what Jinja2 renders ({@code render_with_jinja2.py}).
 */
class OnnxChatTemplateTest extends OnnxTesting {
  @TempDir static Path dir;
  static String chat;

  @BeforeAll
  static void chatModel() throws Exception {
    ClassLoader loader = OnnxChatTemplateTest.class.getClassLoader();
    for (String[] copy : new String[][] {{"all-minilm-l6-v2.onnx", "model.onnx"},
        {"all-minilm-l6-v2-tokenizer.json", "tokenizer.json"}, {"chat-minilm/tokenizer_config.json", "tokenizer_config.json"}}) {
      try (InputStream in = loader.getResourceAsStream(copy[0])) {
        Files.copy(in, dir.resolve(copy[1]));
      }
    }
    chat = "onnx:" + dir;
  }

  private static Map<String, Object> message(String role, String content) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("role", role);
    message.put("content", content);
    return message;
  }

  private static String[] tokens(long[] ids) throws Exception {
    try (HuggingFaceTokenizer tokenizer = OnnxModel.get(chat).tokenizer(0)) {
      String[] tokens = new String[ids.length];
      for (int i = 0; i < ids.length; i++) {
        tokens[i] = tokenizer.decode(new long[] {ids[i]}, false).replace(" ", "");
      }
      return tokens;
    }
  }

  @Test
  void templateRendersAsJinja2Does() throws Exception {
    JsonNode cases;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("chat-minilm/renderings.json")) {
      cases = new ObjectMapper().readTree(in);
    }
    ObjectMapper json = new ObjectMapper();
    ChatTemplate template = OnnxModel.get(chat).chatTemplate;
    assertNotNull(template);
    assertEquals(4, cases.size());
    for (JsonNode c : cases) {
      List<?> messages = json.convertValue(c.get("messages"), List.class);
      assertEquals(c.get("rendered").asText(), template.render(messages, c.get("add_generation_prompt").asBoolean()));
    }
    assertNull(OnnxModel.get(FP32).chatTemplate);
  }

  @Test
  void textRowsAreUserTurnsTokenizedWithoutAddedSpecialTokens() throws Exception {
    List<LayerActivations.Tokens> rows =
        ChatPrompts.tokenize(OnnxModel.get(chat), List.of("Hello world!"), false, true, 128);
    assertArrayEquals(new String[] {"[CLS]", "user", ":", "hello", "world", "!", "[SEP]", "assistant", ":", "[SEP]"},
        tokens(rows.get(0).ids()));
    // without the template: the tokenizer's own [CLS] ... [SEP]
    rows = ChatPrompts.tokenize(OnnxModel.get(chat), List.of("Hello world!"), false, false, 128);
    assertArrayEquals(new String[] {"[CLS]", "hello", "world", "!", "[SEP]"}, tokens(rows.get(0).ids()));
  }

  @Test
  void aConversationColumnGivesWhatTheSameTextGives() {
    List<String> texts = List.of("Hello world!", "Probes read linear directions from the residual stream.");
    List<Object> conversations = new ArrayList<>();
    for (String text : texts) {
      conversations.add(List.of(message("user", text)));
    }
    float[][] fromText = vectors(op(chat, texts(texts), -1, TokenMode.LAST).build());
    float[][] fromJson = vectors(op(chat, conversations(conversations), -1, TokenMode.LAST).build());
    assertClose(fromText, fromJson, 1e-6);
    // the template changes the prompt, so the vectors
    float[][] plain = vectors(op(chat, texts(texts), -1, TokenMode.LAST).applyChatTemplate(false).build());
    assertTrue(cosine(plain[0], fromText[0]) < 0.99, "cosine " + cosine(plain[0], fromText[0]));
  }

  @Test
  void multiTurnConversationsRenderEveryTurn() throws Exception {
    List<Object> conversation = List.of(message("system", "Be brief."), message("user", " Hi "),
        message("assistant", "Hello."), message("user", "Bye"));
    List<LayerActivations.Tokens> rows =
        ChatPrompts.tokenize(OnnxModel.get(chat), List.of(conversation), true, true, 128);
    assertEquals("[CLS]system:bebrief.[SEP]user:hi[SEP]assistant:hello.[SEP]user:bye[SEP]assistant:[SEP]",
        String.join("", tokens(rows.get(0).ids())));
    float[][] vectors = vectors(op(chat, conversations(List.of(conversation, List.of(message("user", "Bye")))), 3,
        TokenMode.MEAN).build());
    assertTrue(cosine(vectors[0], vectors[1]) < 0.99);
  }

  @Test
  void truncationKeepsTheGenerationPromptSuffix() throws Exception {
    String longText = "one two three four five six seven eight nine ten eleven twelve";
    long[] full = ChatPrompts.tokenize(OnnxModel.get(chat), List.of(longText), false, true, 128).get(0).ids();
    long[] cut = ChatPrompts.tokenize(OnnxModel.get(chat), List.of(longText), false, true, 10).get(0).ids();
    assertEquals(10, cut.length);
    assertArrayEquals(new String[] {"[CLS]", "user", ":", "one", "two", "three", "four", "assistant", ":", "[SEP]"},
        tokens(cut));
    assertArrayEquals(Arrays.copyOf(full, 7), Arrays.copyOf(cut, 7));
    // the last token is still the generation prompt's, as without truncation
    float[][][] all = tokenVectors(op(chat, texts(List.of(longText)), -1, TokenMode.ALL).maxLength(10).build(),
        FloatingPointPrecision.SINGLE);
    assertEquals(10, all[0].length);
    // a prompt that fits is not touched
    assertArrayEquals(full, ChatPrompts.tokenize(OnnxModel.get(chat), List.of(longText), false, true, full.length)
        .get(0).ids());
  }

  @Test
  void aGenerationPromptLongerThanMaxLengthIsAnError() {
    assertFails(op(chat, texts(List.of("Hello there")), -1, TokenMode.LAST).maxLength(3).build(),
        "max_length: row 0's generation prompt alone is 3 tokens", "raise max_length");
  }

  @Test
  void aPromptThatRendersToNoTokensIsAnError() throws Exception {
    Path bare = Files.createDirectories(dir.resolve("bare"));
    ClassLoader loader = getClass().getClassLoader();
    try (InputStream model = loader.getResourceAsStream("all-minilm-l6-v2-q.onnx");
        InputStream tokenizer = loader.getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json")) {
      Files.copy(model, bare.resolve("model.onnx"));
      Files.copy(tokenizer, bare.resolve("tokenizer.json"));
    }
    Files.writeString(bare.resolve("chat_template.jinja"), "{{ messages[0]['content'] }}");
    assertFails(op("onnx:" + bare, texts(List.of("fine", "")), -1, TokenMode.LAST).build(), "text: row 1 has no tokens");
  }

  @Test
  void badConversationsAreErrorsNamingTheRow() {
    PromptColumn tool = conversations(List.of(List.of(message("user", "hi")), List.of(message("tool", "42"))));
    assertFails(op(chat, tool, -1, TokenMode.LAST).build(), "text: row 1", "chat template", "unknown role: tool");
    Map<String, List<?>> data = new LinkedHashMap<>();
    data.put("j", List.of(message("user", "a message, not a list of messages")));
    PromptColumn notAList = runner.fromInlineDataset(data).colJson("j");
    assertFails(op(chat, notAList, -1, TokenMode.LAST).build(), "text: row 0 is not a conversation");
    assertFails(op(chat, conversations(Arrays.asList(List.of(message("user", "hi")), null)), -1, TokenMode.LAST).build(),
        "text: row 1 is null");
    PromptColumn fine = conversations(List.of(List.of(message("user", "hi"))));
    assertFails(op(chat, fine, -1, TokenMode.LAST).applyChatTemplate(false).build(), "apply_chat_template",
        "must be true");
  }
}
