package krnel.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code guardrail.json}: what a guardrail folder was made from and how to feed it. The ONNX graph reads {@code
 * input_ids} and {@code attention_mask} ({@code int64 [batch, sequence]}, right-padded, tokenized as described
 * here) and returns {@code score} ({@code float64 [batch]}, a {@code decision_function} margin or the {@code
 * probability} of class true, as {@code scoreKind} says).
 *
 * @param modelName the activations op's {@code model_name}
 * @param modelSha256 the model files' digest ({@code model_sha256} of the op's provenance)
 * @param family {@code bert}, {@code gpt2} or {@code llama}
 * @param layerNum the op's {@code layer_num}; {@code hiddenIndex} the same as an index into {@code hidden_states}
 * @param tokenMode {@code last} or {@code mean}
 * @param maxLength prompts are cut to this many tokens (chat prompts keep their generation-prompt suffix)
 * @param batchSize the op's batch size (1 for dynamically quantized models), which {@link Guardrail} batches by
 * @param dtype {@code float16} when the op stored float16 vectors (the graph rounds them the same way)
 * @param chatTemplate whether prompts are rendered by the chat template in {@code chatTemplateFile}
 * @param preprocessing the probe's {@code none}, {@code standardize} or {@code normalize}, inside the graph
 * @param activationsUuid the uuid of the activations op; {@code probeUuid} that of the trained probe
 * @param float16 whether {@value Guardrails#ONNX_FLOAT16} was written too
 * @param logits whether the graph also outputs the decoder's {@code logits} ({@code [batch, sequence, vocabulary]})
 */
public record GuardrailManifest(String modelName, String modelSha256, String family, int layerNum, int hiddenIndex,
    String tokenMode, int maxLength, int batchSize, String dtype, boolean chatTemplate, String chatTemplateFile,
    String probeType, String probeKind, String scoreKind, String preprocessing, int features, String activationsUuid,
    String probeUuid, boolean float16, boolean logits) {
  public static final String FORMAT = "krnel-guardrail/1";

  public ObjectNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode node = f.objectNode();
    node.put("format", FORMAT);
    ObjectNode model = node.putObject("model");
    model.put("name", modelName).put("sha256", modelSha256).put("family", family);
    node.put("layer_num", layerNum).put("hidden_index", hiddenIndex).put("token_mode", tokenMode)
        .put("max_length", maxLength).put("batch_size", batchSize).put("dtype", dtype);
    ObjectNode chat = node.putObject("chat_template");
    chat.put("apply", chatTemplate);
    if (chatTemplateFile == null) {
      chat.putNull("file");
    } else {
      chat.put("file", chatTemplateFile);
    }
    ObjectNode probe = node.putObject("probe");
    probe.put("model_type", probeType).put("kind", probeKind).put("score_kind", scoreKind)
        .put("preprocessing", preprocessing).put("n_features", features);
    ObjectNode source = node.putObject("source");
    source.put("activations_uuid", activationsUuid).put("probe_uuid", probeUuid);
    ObjectNode files = node.putObject("files");
    files.put("float32", Guardrails.ONNX);
    if (float16) {
      files.put("float16", Guardrails.ONNX_FLOAT16);
    }
    files.put("tokenizer", Guardrails.TOKENIZER);
    node.set("inputs", f.arrayNode().add(GuardrailGraph.INPUT_IDS).add(GuardrailGraph.ATTENTION_MASK));
    node.set("outputs", logits ? f.arrayNode().add(GuardrailGraph.SCORE).add(ModelFamily.LOGITS)
        : f.arrayNode().add(GuardrailGraph.SCORE));
    return node;
  }

  /** Reads a manifest; a missing field or another format is an error naming it. */
  public static GuardrailManifest fromJson(JsonNode node) {
    if (!FORMAT.equals(node.path("format").asText())) {
      throw new IllegalArgumentException("guardrail.json: format \"" + node.path("format").asText() + "\" is not "
          + FORMAT + "; export the guardrail again with this version of krnel");
    }
    JsonNode chat = node.path("chat_template");
    return new GuardrailManifest(text(node, "model", "name"), text(node, "model", "sha256"),
        text(node, "model", "family"), integer(node, "layer_num"), integer(node, "hidden_index"),
        text(node, "token_mode"), integer(node, "max_length"), integer(node, "batch_size"), text(node, "dtype"),
        chat.path("apply").asBoolean(false), chat.path("file").isTextual() ? chat.path("file").asText() : null,
        text(node, "probe", "model_type"), text(node, "probe", "kind"), text(node, "probe", "score_kind"),
        text(node, "probe", "preprocessing"), integer(node, "probe", "n_features"),
        text(node, "source", "activations_uuid"), text(node, "source", "probe_uuid"),
        node.path("files").path("float16").isTextual(), hasOutput(node, ModelFamily.LOGITS));
  }

  private static boolean hasOutput(JsonNode node, String name) {
    for (JsonNode output : node.path("outputs")) {
      if (name.equals(output.asText())) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode field(JsonNode node, String... path) {
    JsonNode at = node;
    for (String key : path) {
      at = at.path(key);
    }
    if (at.isMissingNode() || at.isNull()) {
      throw new IllegalArgumentException("guardrail.json: missing " + String.join(".", path)
          + "; export the guardrail again");
    }
    return at;
  }

  private static String text(JsonNode node, String... path) {
    return field(node, path).asText();
  }

  private static int integer(JsonNode node, String... path) {
    return field(node, path).asInt();
  }
}
