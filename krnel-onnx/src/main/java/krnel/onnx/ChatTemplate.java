package krnel.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import krnel.impl.JinjaTemplates;

/**
 * A tokenizer's chat template and the special tokens it may refer to, rendered as {@code
 * transformers}' {@code apply_chat_template} renders it: variables {@code messages}, {@code
 * add_generation_prompt} and every {@code *_token} of {@code tokenizer_config.json} ({@code
 * bos_token}, {@code eos_token}, ...), {@code trim_blocks} and {@code lstrip_blocks} on.
 *
 * <p>The template comes from {@code chat_template.jinja} when the model directory has one (what
 * newer {@code transformers} save), else from {@code tokenizer_config.json}'s {@code
 * chat_template}: a string, or a list of {@code {"name", "template"}} of which {@code default} is
 * used.
 */
final class ChatTemplate {
  private static final ObjectMapper JSON = new ObjectMapper();

  final String source;
  private final Map<String, String> specialTokens;
  private final JinjaTemplates.Compiled compiled;

  private ChatTemplate(String source, Map<String, String> specialTokens) {
    this.source = source;
    this.specialTokens = specialTokens;
    this.compiled = JinjaTemplates.forChatTemplates().compile(source);
  }

  /** This template followed by {@code text} (krnel-graph's {@code append_to_chat_template}). */
  ChatTemplate append(String text) {
    return new ChatTemplate(source + text, specialTokens);
  }

  /**
   * The chat template of a model's tokenizer files, or null when it has none.
   *
   * @param tokenizerConfig the bytes of {@code tokenizer_config.json}, or null
   * @param jinja the text of {@code chat_template.jinja}, or null
   * @throws IllegalArgumentException when the files cannot be read or the template does not parse
   */
  static ChatTemplate of(byte[] tokenizerConfig, String jinja, String model) {
    JsonNode config;
    try {
      config = tokenizerConfig == null ? JSON.createObjectNode() : JSON.readTree(tokenizerConfig);
    } catch (IOException e) {
      throw new IllegalArgumentException("model_name: " + model + ": tokenizer_config.json is not valid JSON: "
          + e.getMessage(), e);
    }
    String template = jinja != null ? jinja : template(config.path("chat_template"), model);
    if (template == null) {
      return null;
    }
    Map<String, String> tokens = new LinkedHashMap<>();
    config.fields().forEachRemaining(field -> {
      JsonNode value = field.getValue();
      String text = value.isTextual() ? value.asText() : value.path("content").isTextual()
          ? value.path("content").asText() : null;
      if (field.getKey().endsWith("_token") && text != null) {
        tokens.put(field.getKey(), text);
      }
    });
    try {
      return new ChatTemplate(template, Map.copyOf(tokens));
    } catch (JinjaTemplates.TemplateException e) {
      throw new IllegalArgumentException("model_name: " + model + ": its chat template does not parse: "
          + e.getMessage(), e);
    }
  }

  private static String template(JsonNode node, String model) {
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isArray()) {
      for (JsonNode named : node) {
        if ("default".equals(named.path("name").asText(null))) {
          return named.path("template").asText();
        }
      }
      throw new IllegalArgumentException("model_name: " + model + ": tokenizer_config.json has named chat"
          + " templates but none named \"default\"");
    }
    return null;
  }

  /**
   * The conversation rendered to text.
   *
   * @throws JinjaTemplates.TemplateException when the template fails or raises an exception
   */
  String render(List<?> messages, boolean addGenerationPrompt) {
    Map<String, Object> variables = new LinkedHashMap<>(specialTokens);
    variables.put("messages", JinjaTemplates.mutableCopy(messages)); // templates may edit it: a fresh copy
    variables.put("add_generation_prompt", addGenerationPrompt);
    return compiled.render(variables);
  }
}
