package krnel.onnx;
import krnel.runner.RowWise;
import krnel.graph.OpSpec;

import java.util.List;
import java.util.Map;
import krnel.impl.ArrowValues;
import krnel.ops.LLMLayerActivationsOp;
import krnel.ops.LLMLayerActivationsOp.TokenMode;
import krnel.runner.Columns;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Progress;
import krnel.runner.Result;
import krnel.types.JsonColumn;
import krnel.types.TextColumn;
import org.apache.arrow.vector.FieldVector;

/**
 * {@link LLMLayerActivationsOp} on ONNX Runtime (CPU, CUDA or CoreML), for BERT-style encoders
 * ({@code builtin:all-minilm-l6-v2}, {@code builtin:all-minilm-l6-v2-q}, {@code onnx:/dir}) and
 * GPT-2- and Llama-style decoders ({@code onnx:/dir}).
 *
 * <ul>
 *   <li>{@code layer_num} follows Hugging Face {@code hidden_states}: 0 is the embedding
 *       output, k the output of layer k-1, L or -1 the last hidden state as Hugging Face returns it
 *       (after the final norm for decoders); -L-1 is the embeddings. Which tensor that is in each
 *       family: {@link ModelFamily}. The graph is cut after the tapped tensor, so lower layers cost less.
 *   <li>Prompts: see {@link ChatPrompts} (chat templates, conversations, truncation to {@code
 *       max_length}, which defaults to the model's position limit, 512 for MiniLM and rotary
 *       models). They are sorted by length and run in right-padded batches of {@code batch_size}
 *       (position ids, where the model takes them, from the attention mask); results are in input order.
 *   <li>{@code last}: the last real token ({@code [SEP]} for BERT, the end of the generation prompt
 *       with a chat template); {@code mean}: the mean over real tokens, special tokens included (as
 *       Hugging Face's attention mask gives them), accumulated in double; {@code all}: every real
 *       token's vector, stored as a list of vectors per row (see {@link ActivationTables}).
 *   <li>{@code dtype}: float32 (also for null) or float16, the output's element type and, on CUDA,
 *       the model's: there a float32 model is converted to compute in float16 ({@link
 *       Float16Graphs}), as the reference loads its model in {@code dtype}. On the CPU, whose ONNX
 *       Runtime has few float16 kernels, the model computes in float32 and float16 rounds the
 *       result once, at the end (to nearest; beyond ±65504 to ±infinity).
 *   <li>Dynamically quantized models (with {@code DynamicQuantizeLinear} nodes, like the int8
 *       MiniLM) pick one activation scale per tensor over the whole batch, pads included, so a
 *       prompt's vector would depend on the prompts batched with it (cosine ~0.96 between batch
 *       sizes 1 and 4). They run one prompt at a time, whatever {@code batch_size} says, so their
 *       results do not depend on the batch; {@code batch_size} stays part of the op's identity.
 *   <li>A null row is an error naming the row. The reference embeds the text {@code "None"}
 *       instead; a null vector row is no better, since pyarrow cannot read a null fixed-size list
 *       from Parquet (and probes reject null vectors). An empty string is the prompt {@code [CLS]
 *       [SEP]} for BERT; a prompt with no tokens at all (an empty string for GPT-2) is an error
 *       naming the row.
 *   <li>{@code device}: see {@link Device} and {@link ExecutionProviders}.
 * </ul>
 */
public final class OnnxLayerActivationsImplementation
    implements OpImplementation<LLMLayerActivationsOp>, RowWise<LLMLayerActivationsOp> {
  @Override
  public Class<LLMLayerActivationsOp> opType() {
    return LLMLayerActivationsOp.class;
  }

  /** Each row's activations read only its own text. */
  @Override
  public List<OpSpec> rowAlignedInputs(LLMLayerActivationsOp op) {
    return List.of(op.text());
  }

  @Override
  public String version() {
    return "2";
  }

  /** The model's digest ({@code model_sha256}: its ONNX file and data files), so a result made from other files shows as stale. */
  @Override
  public Map<String, String> provenance(LLMLayerActivationsOp op) {
    return OnnxModel.provenance(op.modelName());
  }

  @Override
  public Result compute(LLMLayerActivationsOp op, Inputs inputs) throws Exception {
    String what = "LLMLayerActivationsOp " + op.uuid();
    boolean json = op.text() instanceof JsonColumn;
    if (!json && !(op.text() instanceof TextColumn)) {
      throw new IllegalArgumentException("text: " + op.text().wireName() + " input is not supported by the ONNX"
          + " runner (" + op.modelName() + "); use a text, JSON or conversation column");
    }
    if (op.batchSize() < 1) {
      throw new IllegalArgumentException("batch_size: must be at least 1, got " + op.batchSize());
    }
    ActivationTables.Dtype dtype = ActivationTables.Dtype.of(op.dtype(), op.modelName());
    Device device = Device.parse(op.device());
    if (op.torchCompile()) {
      throw new IllegalArgumentException("torch_compile: a PyTorch option; it must be false for ONNX models");
    }
    OnnxModel model = OnnxModel.get(op.modelName());
    int hiddenIndex = hiddenIndex(op.layerNum(), model.layers(), op.modelName());
    int maxLength = maxLength(op.maxLength(), model);
    int batchSize = model.batchSize(op.batchSize());

    FieldVector column = Columns.single(inputs.table(op.text()), what + " text");
    List<?> rows = json ? ArrowValues.values(column) : Columns.strings(column, what + " text");
    List<LayerActivations.Tokens> tokens = ChatPrompts.tokenize(model, rows, json, op.applyChatTemplate(), maxLength);
    LayerActivations.Pooled pooled;
    try (Progress progress = inputs.progress("activations " + op.modelName() + " layer " + op.layerNum(), rows.size())) {
      pooled = LayerActivations.compute(model.session(hiddenIndex, true, device, dtype), tokens, op.tokenMode(), batchSize,
          progress::step);
    }
    int hidden = pooled.hidden() > 0 ? pooled.hidden() : model.hiddenSize();
    return Result.table(ActivationTables.table(op.uuid(), pooled.rows(), hidden, op.tokenMode() == TokenMode.ALL,
        dtype, inputs.allocator()));
  }

  /** {@code layer_num} as an index into {@code hidden_states[0..layers]}, negative counting from the end. */
  static int hiddenIndex(int layerNum, int layers, String modelName) {
    int index = layerNum < 0 ? layers + 1 + layerNum : layerNum;
    if (index < 0 || index > layers) {
      throw new IllegalArgumentException("layer_num: " + layerNum + " is out of range for " + modelName
          + ", which has " + layers + " layers: use 0.." + layers + " (0 = embeddings, " + layers + " = last) or -"
          + (layers + 1) + "..-1 (-1 = last)");
    }
    return index;
  }

  static int maxLength(Integer requested, OnnxModel model) {
    if (requested == null) {
      return model.maxPositions > 0 ? model.maxPositions : 512;
    }
    int least = model.family == ModelFamily.BERT ? 2 : 1;
    if (requested < least) {
      throw new IllegalArgumentException("max_length: must be at least " + least
          + (least == 2 ? " (room for [CLS] and [SEP])" : "") + ", got " + requested);
    }
    if (model.maxPositions > 0 && requested > model.maxPositions) {
      throw new IllegalArgumentException("max_length: " + requested + " exceeds " + model.name + "'s "
          + model.maxPositions + " positions");
    }
    return requested;
  }
}
