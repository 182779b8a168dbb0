package krnel.ops;

import java.util.List;
import krnel.annotations.Nullable;
import krnel.annotations.Op;
import krnel.types.TextColumn;
import krnel.types.VectorColumn;

/** Raw logits at the last real token of each prompt, for the given tokens (strings or ids). */
@Op
public interface LLMLogitScoresOp extends VectorColumn {
  String modelName();

  TextColumn text();

  default int batchSize() {
    return 32;
  }

  /** Vocabulary entries ({@code "Ġsafe"}) or token ids. */
  List<Object> logitTokenIds();

  default boolean applyChatTemplate() {
    return true;
  }

  @Nullable
  String dtype();

  default String device() {
    return "auto";
  }

  @Nullable
  Integer maxLength();

  default boolean torchCompile() {
    return false;
  }

  /** Text appended to the chat template before scoring (e.g. the start of the answer). */
  @Nullable
  String appendToChatTemplate();
}
