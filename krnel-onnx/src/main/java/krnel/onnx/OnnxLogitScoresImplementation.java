package krnel.onnx;
import krnel.runner.RowWise;
import krnel.graph.OpSpec;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.util.List;
import java.util.Map;
import krnel.ops.LLMLayerActivationsOp.TokenMode;
import krnel.ops.LLMLogitScoresOp;
import krnel.runner.Columns;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Progress;
import krnel.runner.Result;

/**
 * {@link LLMLogitScoresOp} on ONNX Runtime (CPU, CUDA or CoreML: see {@link Device}), for causal LMs exported with a
 * {@code logits} output (a Hugging Face {@code text-generation} export).
 *
 * <ul>
 *   <li>As in krnel-graph's {@code hf:} provider: raw logits (no softmax) at each prompt's last
 *       real token, one column per entry of {@code logit_token_ids}, in that order. Strings must be
 *       exact vocabulary entries (GPT-2's {@code "Ġyes"} for " yes"); integers are token ids.
 *   <li>Only the requested columns of the logits leave the graph (a {@code Gather} is added after
 *       the LM head), and prompts run length-sorted in right-padded batches, as for activations.
 *   <li>Prompts are read as for activations ({@link ChatPrompts}): with {@code apply_chat_template}
 *       and a model folder with a chat template, a text is rendered as a user message followed by
 *       the generation prompt, so the scores are the model's next-token logits as the assistant.
 *       A null row, or a prompt without tokens, is an error naming the row.
 *       {@code append_to_chat_template} is added to the end of the template, as krnel-graph does.
 *   <li>{@code dtype}: float32 (also for null) or float16 output, as for activations.
 * </ul>
 */
public final class OnnxLogitScoresImplementation
    implements OpImplementation<LLMLogitScoresOp>, RowWise<LLMLogitScoresOp> {
  @Override
  public Class<LLMLogitScoresOp> opType() {
    return LLMLogitScoresOp.class;
  }

  /** Each row's activations read only its own text. */
  @Override
  public List<OpSpec> rowAlignedInputs(LLMLogitScoresOp op) {
    return List.of(op.text());
  }

  @Override
  public String version() {
    return "2";
  }

  /** The model's digest ({@code model_sha256}: its ONNX file and data files), so a result made from other files shows as stale. */
  @Override
  public Map<String, String> provenance(LLMLogitScoresOp op) {
    return OnnxModel.provenance(op.modelName());
  }

  @Override
  public Result compute(LLMLogitScoresOp op, Inputs inputs) throws Exception {
    String what = "LLMLogitScoresOp " + op.uuid();
    validate(op);
    OnnxModel model = OnnxModel.get(op.modelName());
    if (!model.hasLmHead()) {
      throw new IllegalArgumentException("model_name: " + op.modelName() + " has no LM head: its ONNX graph has no"
          + " output named \"logits\" (it is a " + model.family.description + "); logit scores need a causal LM"
          + " export, e.g. optimum-cli export onnx --task text-generation");
    }
    long[] ids = tokenIds(op.logitTokenIds(), Vocabulary.of(model.tokenizerJson), op.modelName());
    int maxLength = OnnxLayerActivationsImplementation.maxLength(op.maxLength(), model);

    List<String> texts = Columns.strings(Columns.single(inputs.table(op.text()), what + " text"), what + " text");
    ActivationTables.Dtype dtype = ActivationTables.Dtype.of(op.dtype(), op.modelName());
    Device device = Device.parse(op.device());
    List<LayerActivations.Tokens> tokens = ChatPrompts.tokenize(model, chatTemplate(op, model), texts, false,
        op.applyChatTemplate(), maxLength);
    float[][] scores;
    try (Progress progress = inputs.progress("logit scores " + op.modelName(), texts.size())) {
      scores = LayerActivations.compute(model.logitsSession(ids, device, dtype), tokens, TokenMode.LAST,
          model.batchSize(op.batchSize()), progress::step).rows();
    }
    return Result.table(ActivationTables.table(op.uuid(), scores, ids.length, false,
        dtype, inputs.allocator()));
  }

  /** The model's chat template, followed by {@code append_to_chat_template} when that is set. */
  private static ChatTemplate chatTemplate(LLMLogitScoresOp op, OnnxModel model) {
    if (op.appendToChatTemplate() == null) {
      return model.chatTemplate;
    }
    if (!op.applyChatTemplate() || model.chatTemplate == null) {
      throw new IllegalArgumentException("append_to_chat_template: it extends the model's chat template, so it needs"
          + " apply_chat_template=true and a model with a chat template"
          + (model.chatTemplate == null ? " (" + op.modelName() + " has none)" : "")
          + "; leave it null, or append the text to the prompts themselves");
    }
    return model.chatTemplate.append(op.appendToChatTemplate());
  }

  private static void validate(LLMLogitScoresOp op) {
    if (op.logitTokenIds().isEmpty()) {
      throw new IllegalArgumentException("logit_token_ids: empty; give at least one token string or id");
    }
    if (op.batchSize() < 1) {
      throw new IllegalArgumentException("batch_size: must be at least 1, got " + op.batchSize());
    }
    if (op.torchCompile()) {
      throw new IllegalArgumentException("torch_compile: a PyTorch option; it must be false for ONNX models");
    }
  }

  /** Each requested token as an id: vocabulary entries looked up, integers checked against the vocabulary size. */
  static long[] tokenIds(List<Object> tokens, Vocabulary vocabulary, String model) {
    long[] ids = new long[tokens.size()];
    for (int i = 0; i < ids.length; i++) {
      Object token = tokens.get(i);
      if (token instanceof String) {
        Integer id = vocabulary.id((String) token);
        if (id == null) {
          String spaced = "\u0120" + token;
          throw new IllegalArgumentException("logit_token_ids: token \"" + token + "\" is not in the vocabulary of "
              + model + "; give an exact vocabulary entry or a token id"
              + (vocabulary.id(spaced) != null ? " (did you mean \"" + spaced + "\", the token with a leading space?)" : ""));
        }
        ids[i] = id;
      } else if (token instanceof Integer || token instanceof Long || token instanceof Short || token instanceof Byte) {
        long id = ((Number) token).longValue();
        if (id < 0 || id >= vocabulary.size()) {
          throw new IllegalArgumentException("logit_token_ids: token id " + id + " is out of range for " + model
              + ", whose vocabulary has ids 0.." + (vocabulary.size() - 1));
        }
        ids[i] = id;
      } else {
        throw new IllegalArgumentException("logit_token_ids: each entry must be a token string or an integer id, got "
            + (token == null ? "null" : token.getClass().getSimpleName() + " " + token) + " at position " + i);
      }
    }
    return ids;
  }
}
