package krnel.types;

import krnel.annotations.ColumnType;

/** A column of chat conversations: JSON lists of {@code {"role": ..., "content": ...}} messages. */
@ColumnType
public interface ConversationColumn extends JsonColumn, ConversationColumnFluent {}
