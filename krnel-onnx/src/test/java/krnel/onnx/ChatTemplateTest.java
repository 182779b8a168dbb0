package krnel.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a chat template comes from, and what it sees; no model needed. */
class ChatTemplateTest {
  private static byte[] json(String text) {
    return text.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  private static final List<Map<String, String>> HELLO = List.of(Map.of("role", "user", "content", "hello"));

  @Test
  void specialTokensAreVariablesWhetherStringsOrAddedTokenObjects() {
    ChatTemplate template = ChatTemplate.of(json("{'bos_token': '<s>', 'eos_token': {'content': '</s>', 'special': true},"
        + " 'model_max_length': 512, 'chat_template': '{{ bos_token }}{{ messages[0].content }}{{ eos_token }}'}"),
        null, "m");
    assertEquals("<s>hello</s>", template.render(HELLO, true));
  }

  @Test
  void chatTemplateJinjaWinsAndNamedTemplatesUseDefault() {
    byte[] config = json("{'chat_template': 'from config'}");
    assertEquals("from file", ChatTemplate.of(config, "from file\n", "m").render(HELLO, true));
    byte[] named = json("{'chat_template': [{'name': 'tool_use', 'template': 'tools'},"
        + " {'name': 'default', 'template': '{% if add_generation_prompt %}gen{% endif %}'}]}");
    assertEquals("gen", ChatTemplate.of(named, null, "m").render(HELLO, true));
    assertEquals("", ChatTemplate.of(named, null, "m").render(HELLO, false));
  }

  @Test
  void noTemplateIsNullAndBrokenFilesAreErrorsNamingTheModel() {
    assertNull(ChatTemplate.of(null, null, "m"));
    assertNull(ChatTemplate.of(json("{'bos_token': '<s>'}"), null, "m"));
    for (byte[] config : List.of(json("{not json"), json("{'chat_template': [{'name': 'x', 'template': 'y'}]}"),
        json("{'chat_template': '{% for %}'}"))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChatTemplate.of(config, null, "onnx:/m"));
      assertTrue(e.getMessage().startsWith("model_name: onnx:/m: "), e.getMessage());
    }
  }

  @Test
  void templatesMayEditMessagesWithoutChangingTheNextRendering() {
    ChatTemplate template = ChatTemplate.of(null, "{{ messages.pop() }}{{ messages | length }}", "m");
    List<Map<String, String>> two = List.of(Map.of("role", "system", "content", "a"), Map.of("role", "user", "content", "b"));
    String first = template.render(two, true);
    assertEquals(first, template.render(two, true));
    assertTrue(first.endsWith("1"), first);
  }
}
