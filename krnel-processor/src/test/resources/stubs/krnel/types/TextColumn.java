package krnel.types;

import krnel.annotations.ColumnType;
import krnel.graph.OpSpec;

/** Test fixture: a column type as the runtime declares it, without its hand-written methods. */
@ColumnType
public interface TextColumn extends OpSpec, TextColumnFluent {}
