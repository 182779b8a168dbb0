package com.example.spam;

import krnel.annotations.Op;
import krnel.types.ScoreColumn;
import krnel.types.TextColumn;

/** A user's op: the share of upper-case letters in each text. */
@Op
public interface ShoutingOp extends ScoreColumn {
  TextColumn text();
}
