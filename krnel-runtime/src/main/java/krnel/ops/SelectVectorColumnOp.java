package krnel.ops;

import krnel.annotations.Op;
import krnel.types.VectorColumn;

/** A dataset column read as a {@link VectorColumn}. */
@Op(fluent = "colVector")
public interface SelectVectorColumnOp extends SelectColumnOp, VectorColumn {}
