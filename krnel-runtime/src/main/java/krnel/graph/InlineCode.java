package krnel.graph;

import java.util.function.Function;

/**
 * Implemented by ops that read best inline in pseudocode ({@code a.and(b)}, {@code label.isIn("spam")})
 * rather than as a statement of their own.
 */
public interface InlineCode {
  /** @param reference renders an input op: a variable name or its own inline code */
  String inlineCode(Function<OpSpec, String> reference);
}
