package krnel.ops;

import krnel.annotations.Op;
import krnel.types.TextColumn;

/** A dataset column read as a {@link TextColumn}. */
@Op(fluent = "colText")
public interface SelectTextColumnOp extends SelectColumnOp, TextColumn {}
