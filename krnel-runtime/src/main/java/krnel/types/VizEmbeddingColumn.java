package krnel.types;

import krnel.annotations.ColumnType;
import krnel.graph.OpSpec;

/** A 2-D embedding of vectors, for plotting. */
@ColumnType
public interface VizEmbeddingColumn extends OpSpec, VizEmbeddingColumnFluent {}
