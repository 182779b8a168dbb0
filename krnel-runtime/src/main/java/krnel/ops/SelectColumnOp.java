package krnel.ops;

import krnel.annotations.Ephemeral;
import krnel.graph.OpSpec;
import krnel.types.Dataset;

/** One column of a dataset, by name; each subtype gives the column its type. */
@Ephemeral
public interface SelectColumnOp extends OpSpec {
  String columnName();

  Dataset dataset();
}
