package krnel.cli.testgraph;

import krnel.annotations.Nullable;
import krnel.annotations.Op;
import krnel.types.ScoreColumn;

/** A test op: [0, 1, 2], or its input plus one; can fail on purpose. Its implementation counts its runs. */
@Op
public interface StepOp extends ScoreColumn {
  String label();

  @Nullable
  ScoreColumn input();

  default boolean fail() {
    return false;
  }
}
