package krnel.types;

import krnel.annotations.ColumnType;
import krnel.graph.OpSpec;

/** A column of stable row identifiers. */
@ColumnType
public interface RowIdColumn extends OpSpec, RowIdColumnFluent {}
