package krnel.types;

import krnel.annotations.ColumnType;
import krnel.graph.OpSpec;

/** A trained classifier; {@code predict(x)} scores a vector column with it. */
@ColumnType
public interface Classifier extends OpSpec, ClassifierFluent {}
