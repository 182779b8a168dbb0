package krnel.ops;

import krnel.annotations.Op;
import krnel.types.ScoreColumn;

/** A dataset column read as a {@link ScoreColumn}. */
@Op(fluent = "colScore")
public interface SelectScoreColumnOp extends SelectColumnOp, ScoreColumn {}
