package krnel.types;

import krnel.annotations.ColumnType;

/** A column of JSON values (one per row). */
@ColumnType
public interface JsonColumn extends PromptColumn, JsonColumnFluent {}
