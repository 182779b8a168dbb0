package krnel.types;

import krnel.annotations.ColumnType;
import krnel.graph.OpSpec;

/** A group of ops materialized together (not a column; the result of {@code GroupedOp}). */
@ColumnType
public interface OpGroup extends OpSpec, OpGroupFluent {}
