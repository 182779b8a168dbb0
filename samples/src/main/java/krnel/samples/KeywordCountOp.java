package krnel.samples;

import java.util.List;
import krnel.annotations.Op;
import krnel.types.ScoreColumn;
import krnel.types.TextColumn;

/**
 * A custom op declared in user code: how many times any of {@code keywords} occurs in each text.
 *
 * <p>This declaration is all it takes: the Krnel processor generates {@code ImmutableKeywordCountOp}
 * (builder, canonical hash, catalogue entry) and the fluent step
 * {@code keywordCount(keywords)} in the generated {@code KrnelOps}, used as
 * {@code text.then(keywordCount(List.of("free", "winner")))}.
 */
@Op
public interface KeywordCountOp extends ScoreColumn {
  /** The texts to scan: the first input, so the op chains from a {@link TextColumn}. */
  TextColumn text();

  List<String> keywords();

  default boolean caseSensitive() {
    return false;
  }
}
