package krnel.types;

import krnel.annotations.ColumnType;
import krnel.graph.OpSpec;

/** What a language model reads: plain text or JSON conversations. {@link TextColumn} and {@link JsonColumn} are prompt columns. */
@ColumnType
public interface PromptColumn extends OpSpec, PromptColumnFluent {}
