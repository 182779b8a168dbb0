package krnel.types;

import krnel.annotations.ColumnType;

/** A column of category labels (strings). */
@ColumnType
public interface CategoricalColumn extends LabelColumn, CategoricalColumnFluent {}
