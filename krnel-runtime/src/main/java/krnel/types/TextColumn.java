package krnel.types;

import krnel.annotations.ColumnType;

/** A column of strings: prompts, documents, labels. */
@ColumnType
public interface TextColumn extends PromptColumn, LabelColumn, TextColumnFluent {}
