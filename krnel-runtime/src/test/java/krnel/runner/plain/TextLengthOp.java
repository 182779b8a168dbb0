package krnel.runner.plain;

import krnel.annotations.Op;
import krnel.types.ScoreColumn;
import krnel.types.TextColumn;

/** A custom op implemented with plain Java values: each text's length, plus its row's {@code offsets} value. */
@Op
public interface TextLengthOp extends ScoreColumn {
  TextColumn text();

  /** Read with {@code inputs.doubles}; a text column here is the wrong type, on purpose in a test. */
  krnel.graph.OpSpec offsets();
}
