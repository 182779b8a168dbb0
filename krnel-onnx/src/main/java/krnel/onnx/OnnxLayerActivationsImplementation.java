package krnel.onnx;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.util.List;
import java.util.Map;
import krnel.ops.LLMLayerActivationsOp;
import krnel.ops.LLMLayerActivationsOp.TokenMode;
import krnel.runner.Columns;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Progress;
import krnel.runner.Result;
import krnel.types.TextColumn;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

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
 *   <li>Prompts are tokenized with special tokens ({@code [CLS] ... [SEP]}), truncated to
 *       {@code max_length} (null: the model's position limit, 512 for MiniLM and rotary models),
 *       sorted by length, and run in right-padded batches of {@code batch_size} (position ids, where
 *       the model takes them, from the attention mask); results are in input order.
 *   <li>{@code last}: the last real token ({@code [SEP]} for BERT); {@code mean}: the mean over
 *       real tokens, special tokens included (as Hugging Face's attention mask gives them),
 *       accumulated in double, stored as float32.
 *   <li>Quantized models ({@code -q}) quantize activations dynamically, with one scale per tensor
 *       over the whole batch, so a prompt's int8 vector depends slightly on the prompts batched
 *       with it (cosine ~0.96 between batch sizes 1 and 4); fp32 results do not (within 1e-5).
 *   <li>An empty string is the prompt {@code [CLS] [SEP]} for BERT, and an error for tokenizers that
 *       add no special tokens (GPT-2: nothing to read); a null text gives a null vector.
 *   <li>These models have no chat template, so {@code apply_chat_template} does not change the
 *       input. JSON and conversation columns, {@code token_mode all} and {@code dtype float16} are
 *       not supported yet.
 *   <li>{@code device}: see {@link Device} and {@link ExecutionProviders}.
 * </ul>
 */
public final class OnnxLayerActivationsImplementation implements OpImplementation<LLMLayerActivationsOp> {
  @Override
  public Class<LLMLayerActivationsOp> opType() {
    return LLMLayerActivationsOp.class;
  }

  @Override
  public String version() {
    return "1";
  }

  /** The model file's sha256 ({@code model_sha256}), so a result made from another file shows as stale. */
  @Override
  public Map<String, String> provenance(LLMLayerActivationsOp op) {
    return OnnxModel.provenance(op.modelName());
  }

  @Override
  public Result compute(LLMLayerActivationsOp op, Inputs inputs) throws Exception {
    String what = "LLMLayerActivationsOp " + op.uuid();
    if (!(op.text() instanceof TextColumn)) {
      throw new IllegalArgumentException("text: " + op.text().wireName() + " input is not supported yet by the ONNX"
          + " runner (" + op.modelName() + "); only text columns (TextColumn) are");
    }
    if (op.tokenMode() == TokenMode.ALL) {
      throw new IllegalArgumentException("token_mode: \"all\" is not supported yet by the ONNX runner; use last or mean");
    }
    if (op.batchSize() < 1) {
      throw new IllegalArgumentException("batch_size: must be at least 1, got " + op.batchSize());
    }
    if (op.dtype() != null && !op.dtype().equals("float32")) {
      throw new IllegalArgumentException("dtype: \"" + op.dtype() + "\" is not supported yet by the ONNX runner;"
          + " use float32 or leave it null");
    }
    Device device = Device.parse(op.device());
    if (op.torchCompile()) {
      throw new IllegalArgumentException("torch_compile: a PyTorch option; it must be false for ONNX models");
    }
    OnnxModel model = OnnxModel.get(op.modelName());
    int hiddenIndex = hiddenIndex(op.layerNum(), model.layers(), op.modelName());
    int maxLength = maxLength(op.maxLength(), model);

    List<String> texts = Columns.strings(Columns.single(inputs.table(op.text()), what + " text"), what + " text");
    float[][] vectors;
    try (HuggingFaceTokenizer tokenizer = model.tokenizer(maxLength);
        Progress progress = inputs.progress("activations " + op.modelName() + " layer " + op.layerNum(), texts.size())) {
      List<LayerActivations.Tokens> tokens = LayerActivations.tokenize(tokenizer, texts);
      vectors = LayerActivations.compute(model.session(hiddenIndex, true, device), tokens, op.tokenMode(), op.batchSize(),
          progress::step);
    }
    int hidden = -1;
    for (float[] v : vectors) {
      if (v != null) {
        hidden = v.length;
        break;
      }
    }
    if (hidden < 0) {
      hidden = model.hiddenSize();
    }
    return Result.table(table(op.uuid(), vectors, hidden, inputs));
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

  /** A one-column table {@code FixedSizeList<float32>[hidden]} named {@code name}; null vectors are null rows. */
  static VectorSchemaRoot table(String name, float[][] vectors, int hidden, Inputs inputs) {
    Field field = new Field(name, FieldType.nullable(new ArrowType.FixedSizeList(hidden)),
        List.of(Field.nullable("item", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))));
    FixedSizeListVector column = (FixedSizeListVector) field.createVector(inputs.allocator());
    try {
      column.setInitialCapacity(vectors.length);
      column.allocateNew();
      Float4Vector values = (Float4Vector) column.getDataVector();
      values.allocateNew(Math.max(1, vectors.length * hidden));
      for (int i = 0; i < vectors.length; i++) {
        if (vectors[i] == null) {
          column.setNull(i);
          for (int k = 0; k < hidden; k++) {
            values.setNull(i * hidden + k);
          }
        } else {
          column.setNotNull(i);
          for (int k = 0; k < hidden; k++) {
            values.set(i * hidden + k, vectors[i][k]);
          }
        }
      }
      column.setValueCount(vectors.length);
      return new VectorSchemaRoot(List.of(column.getField()), List.of(column), vectors.length);
    } catch (RuntimeException e) {
      column.close();
      throw e;
    }
  }
}
