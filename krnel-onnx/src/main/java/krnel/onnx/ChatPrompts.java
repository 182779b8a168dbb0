package krnel.onnx;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import krnel.impl.JinjaTemplates;

/**
 * Prompt rows as token ids, the way the reference's Hugging Face provider tokenizes them.
 *
 * <ul>
 *   <li>With {@code apply_chat_template} and a model that has a chat template: a text row becomes
 *       {@code [{"role": "user", "content": text}]}, a JSON row must already be such a list of
 *       messages; the conversation is rendered with {@code add_generation_prompt=True} and
 *       tokenized without adding special tokens (the template writes them).
 *   <li>Otherwise a text row is tokenized as it is, with the tokenizer's special tokens
 *       ({@code [CLS] ... [SEP]} for BERT). JSON rows need a chat template, and {@code
 *       apply_chat_template}, as in the reference.
 *   <li>Truncation to {@code max_length}: plain text is cut on the right by the tokenizer (which
 *       keeps its closing special tokens). A rendered conversation keeps its generation-prompt
 *       suffix (what the template adds for {@code add_generation_prompt}, so that the {@code last}
 *       token stays the end of the assistant header): the tokens before it are cut on the right.
 *       A suffix that alone does not fit is an error naming the row.
 *   <li>An empty string is an empty prompt; a null row is an error naming the row.
 * </ul>
 */
final class ChatPrompts {
  private ChatPrompts() {}

  /**
   * Each row's tokens; a null row, or one without tokens, is an error naming the row.
   *
   * @param rows strings (text columns) or JSON values (JSON and conversation columns)
   * @param json whether {@code rows} come from a JSON column
   * @param maxLength the longest token sequence, special tokens included
   */
  static List<LayerActivations.Tokens> tokenize(OnnxModel model, List<?> rows, boolean json,
      boolean applyChatTemplate, int maxLength) throws IOException {
    return tokenize(model, model.chatTemplate, rows, json, applyChatTemplate, maxLength);
  }

  /** As {@link #tokenize(OnnxModel, List, boolean, boolean, int)}, with {@code template} instead of the model's. */
  static List<LayerActivations.Tokens> tokenize(OnnxModel model, ChatTemplate template, List<?> rows, boolean json,
      boolean applyChatTemplate, int maxLength) throws IOException {
    return tokenize(model.name, length -> new Lease(model.tokenizer(length), true), template, rows, json,
        applyChatTemplate, maxLength);
  }

  /** Gives the model's tokenizer truncating to {@code maxLength} (0: no truncation), as {@link OnnxModel#tokenizer} makes it. */
  interface Tokenizers {
    Lease open(int maxLength) throws IOException;
  }

  /** A tokenizer for one call, closed after it when {@code owned} (a fresh one) and kept when cached by the caller. */
  record Lease(HuggingFaceTokenizer tokenizer, boolean owned) implements AutoCloseable {
    @Override
    public void close() {
      if (owned) {
        tokenizer.close();
      }
    }
  }

  /**
   * As {@link #tokenize(OnnxModel, ChatTemplate, List, boolean, boolean, int)}, for the model named {@code model}
   * whose tokenizer {@code tokenizers} opens: what a {@link Guardrail} tokenizes with, having no {@link OnnxModel}.
   */
  static List<LayerActivations.Tokens> tokenize(String model, Tokenizers tokenizers, ChatTemplate template,
      List<?> rows, boolean json, boolean applyChatTemplate, int maxLength) throws IOException {
    for (int i = 0; i < rows.size(); i++) { // not indexOf(null): immutable lists reject it
      if (rows.get(i) == null) {
        throw new IllegalArgumentException("text: row " + i + " is null; drop rows without a prompt first"
            + " (dataset.maskRows(...)) or replace them by \"\"");
      }
    }
    List<LayerActivations.Tokens> tokens = tokenizeRows(model, tokenizers, template, rows, json, applyChatTemplate,
        maxLength);
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).length() == 0) {
        throw new IllegalArgumentException("text: row " + i + " has no tokens (an empty prompt, and " + model
            + "'s tokenizer adds no special tokens); drop empty rows or give them text");
      }
    }
    return tokens;
  }

  private static List<LayerActivations.Tokens> tokenizeRows(String model, Tokenizers tokenizers, ChatTemplate template,
      List<?> rows, boolean json, boolean applyChatTemplate, int maxLength) throws IOException {
    if (json && !applyChatTemplate) {
      throw new IllegalArgumentException("apply_chat_template: must be true for a JSON (conversation) text column:"
          + " conversations are rendered by the model's chat template");
    }
    if (json && template == null) {
      throw new IllegalArgumentException("text: " + model + " has no chat template (tokenizer_config.json"
          + " chat_template or chat_template.jinja), so it cannot read conversations; use a text column");
    }
    if (!applyChatTemplate || template == null) {
      List<String> texts = new ArrayList<>(rows.size());
      for (Object row : rows) {
        texts.add((String) row);
      }
      try (Lease lease = tokenizers.open(maxLength)) {
        return LayerActivations.tokenize(lease.tokenizer(), texts);
      }
    }
    List<LayerActivations.Tokens> tokens = new ArrayList<>(rows.size());
    try (Lease lease = tokenizers.open(0)) {
      HuggingFaceTokenizer tokenizer = lease.tokenizer();
      for (int i = 0; i < rows.size(); i++) {
        Object row = rows.get(i);
        List<?> conversation = json ? conversation(row, i) : List.of(Map.of("role", "user", "content", row));
        long[] ids = truncate(template, tokenizer, conversation, maxLength, i, model);
        tokens.add(new LayerActivations.Tokens(ids, new long[ids.length]));
      }
    }
    return tokens;
  }

  /** The rendered conversation's ids, cut to {@code maxLength} before its generation-prompt suffix. */
  private static long[] truncate(ChatTemplate template, HuggingFaceTokenizer tokenizer, List<?> conversation,
      int maxLength, int row, String model) {
    String prompt = render(template, conversation, true, row, model);
    long[] ids = ids(tokenizer, prompt);
    if (ids.length <= maxLength) {
      return ids;
    }
    String withoutSuffix = render(template, conversation, false, row, model);
    int suffix = prompt.startsWith(withoutSuffix) ? ids.length - sharedPrefix(ids, ids(tokenizer, withoutSuffix)) : 0;
    if (suffix >= maxLength) {
      throw new IllegalArgumentException("max_length: row " + row + "'s generation prompt alone is " + suffix
          + " tokens (of " + ids.length + "), which leaves no room for the conversation within max_length "
          + maxLength + "; raise max_length");
    }
    long[] cut = Arrays.copyOf(ids, maxLength);
    System.arraycopy(ids, ids.length - suffix, cut, maxLength - suffix, suffix);
    return cut;
  }

  private static String render(ChatTemplate template, List<?> conversation, boolean generationPrompt, int row,
      String model) {
    try {
      return template.render(conversation, generationPrompt);
    } catch (JinjaTemplates.TemplateException e) {
      throw new IllegalArgumentException("text: row " + row + ": the chat template of " + model + " failed: "
          + e.getMessage(), e);
    }
  }

  private static long[] ids(HuggingFaceTokenizer tokenizer, String text) {
    return tokenizer.encode(text, false, false).getIds();
  }

  /** How many leading ids {@code a} and {@code b} share; the tokens after that belong to the suffix. */
  private static int sharedPrefix(long[] a, long[] b) {
    int n = 0;
    while (n < a.length && n < b.length && a[n] == b[n]) {
      n++;
    }
    return n;
  }

  /** A JSON row as a conversation: a list of messages, each an object with a string {@code role}. */
  private static List<?> conversation(Object row, int index) {
    if (row instanceof List) {
      boolean messages = true;
      for (Object message : (List<?>) row) {
        messages &= message instanceof Map && ((Map<?, ?>) message).get("role") instanceof String;
      }
      if (messages) {
        return (List<?>) row;
      }
    }
    String found = String.valueOf(row);
    throw new IllegalArgumentException("text: row " + index + " is not a conversation: expected a list of"
        + " {\"role\": ..., \"content\": ...} messages, got " + (found.length() > 120 ? found.substring(0, 120) + "..." : found));
  }
}
