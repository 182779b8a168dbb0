package krnel.impl;

import java.nio.charset.StandardCharsets;
import java.util.List;
import krnel.ops.AssignTrainTestSplitOp;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Result;
import org.apache.arrow.vector.VarCharVector;

/** {@code "train"}/{@code "test"} per dataset row, drawn by {@link TrainTestSplit#assign} as CPython would. */
public final class AssignTrainTestSplitImplementation implements OpImplementation<AssignTrainTestSplitOp> {
  @Override
  public Class<AssignTrainTestSplitOp> opType() {
    return AssignTrainTestSplitOp.class;
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public Result compute(AssignTrainTestSplitOp op, Inputs inputs) {
    int rows = inputs.table(op.dataset()).getRowCount();
    Number seed = op.randomState();
    java.math.BigInteger randomState;
    if (seed instanceof java.math.BigInteger big) {
      randomState = big;
    } else if (seed instanceof Integer || seed instanceof Long || seed instanceof Short || seed instanceof Byte) {
      randomState = java.math.BigInteger.valueOf(seed.longValue());
    } else {
      throw new IllegalArgumentException("random_state: must be an int (any size), as Python's random.Random(seed)"
          + " takes for the split; got " + seed);
    }
    List<String> assignments;
    try {
      assignments = TrainTestSplit.assign(rows, op.testSize(), op.trainSize(), randomState);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(fields(e.getMessage()) + ": " + e.getMessage(), e);
    }
    VarCharVector out = new VarCharVector(op.uuid(), inputs.allocator());
    out.allocateNew(rows);
    byte[] train = TrainTestSplit.TRAIN.getBytes(StandardCharsets.UTF_8);
    byte[] test = TrainTestSplit.TEST.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < rows; i++) {
      out.setSafe(i, assignments.get(i).equals(TrainTestSplit.TEST) ? test : train);
    }
    out.setValueCount(rows);
    return Tables.single(op, out);
  }

  /** The fields a size error is about, from the reference's message. */
  private static String fields(String message) {
    if (message.startsWith("test_size")) {
      return "test_size";
    }
    if (message.startsWith("train_size") && !message.contains("+ test_size")) {
      return "train_size";
    }
    return "train_size, test_size";
  }
}
