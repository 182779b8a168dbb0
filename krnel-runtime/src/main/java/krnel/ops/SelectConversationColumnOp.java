package krnel.ops;

import krnel.annotations.Op;
import krnel.types.ConversationColumn;

/** A dataset column read as a {@link ConversationColumn}. */
@Op(fluent = "colConversation")
public interface SelectConversationColumnOp extends SelectColumnOp, ConversationColumn {}
