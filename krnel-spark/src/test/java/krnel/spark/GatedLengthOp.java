package krnel.spark;

import krnel.annotations.Op;
import krnel.types.ScoreColumn;
import krnel.types.TextColumn;

/** A test op: each text's length; its Spark task for slice 1 waits until {@link GatedLengthImplementation#GATE} opens. */
@Op
public interface GatedLengthOp extends ScoreColumn {
  TextColumn text();
}
