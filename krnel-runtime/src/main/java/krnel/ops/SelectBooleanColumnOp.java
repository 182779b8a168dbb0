package krnel.ops;

import krnel.annotations.Op;
import krnel.types.BooleanColumn;

/** A dataset column read as a {@link BooleanColumn}. */
@Op(fluent = "colBoolean")
public interface SelectBooleanColumnOp extends SelectColumnOp, BooleanColumn {}
