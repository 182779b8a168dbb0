package krnel.ops;

import krnel.annotations.Op;
import krnel.types.CategoricalColumn;

/** A dataset column read as a {@link CategoricalColumn}. */
@Op(fluent = "colCategorical")
public interface SelectCategoricalColumnOp extends SelectColumnOp, CategoricalColumn {}
