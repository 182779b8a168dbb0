package krnel.ops;

import krnel.annotations.Op;
import krnel.types.JsonColumn;

/** A dataset column read as a {@link JsonColumn}. */
@Op(fluent = "colJson")
public interface SelectJSONColumnOp extends SelectColumnOp, JsonColumn {}
