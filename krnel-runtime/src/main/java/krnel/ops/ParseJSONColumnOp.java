package krnel.ops;

import krnel.annotations.Ephemeral;
import krnel.annotations.Op;
import krnel.types.JsonColumn;
import krnel.types.TextColumn;

/** Each string of a text column parsed as JSON. */
@Ephemeral
@Op(fluent = "parseJson")
public interface ParseJSONColumnOp extends JsonColumn {
  TextColumn text();
}
