package krnel.ops;

import krnel.annotations.Op;
import krnel.types.TrainTestSplitColumn;

/** A dataset column read as a {@link TrainTestSplitColumn}. */
@Op(fluent = "colTrainTestSplit")
public interface SelectTrainTestSplitColumnOp extends SelectColumnOp, TrainTestSplitColumn {}
