package krnel.ops;

import krnel.annotations.Nullable;
import krnel.annotations.Op;
import krnel.types.PromptColumn;
import krnel.types.VectorColumn;

/**
 * The hidden state of layer {@code layerNum} of a language model, pooled per prompt. Layers follow
 * Hugging Face's {@code hidden_states} indexing: 0 is the embedding output, -1 the last layer.
 */
@Op
public interface LLMLayerActivationsOp extends VectorColumn {
  /** How token vectors become one row: the last real token, the mean over real tokens, or all of them. */
  enum TokenMode { LAST, MEAN, ALL }

  /** {@code builtin:all-minilm-l6-v2}, {@code onnx:/path/to/dir} or {@code hf:org/name}. */
  String modelName();

  PromptColumn text();

  int layerNum();

  default TokenMode tokenMode() {
    return TokenMode.LAST;
  }

  default int batchSize() {
    return 32;
  }

  @Nullable
  Integer maxLength();

  /** The output dtype, {@code float32} or {@code float16}; null for the model's own. */
  @Nullable
  String dtype();

  default String device() {
    return "auto";
  }

  default boolean torchCompile() {
    return false;
  }

  default boolean applyChatTemplate() {
    return true;
  }
}
