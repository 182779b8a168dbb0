package krnel.spark;

import java.util.List;
import krnel.annotations.Implementation;
import krnel.graph.OpSpec;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Result;
import krnel.runner.RowWise;
import org.apache.spark.TaskContext;

/** Computes {@link FlakyLengthOp}; fails like a lost executor would, in the task of slice 1 (partition 1). */
@Implementation
public final class FlakyLengthImplementation implements OpImplementation<FlakyLengthOp>, RowWise<FlakyLengthOp> {
  @Override
  public Class<FlakyLengthOp> opType() {
    return FlakyLengthOp.class;
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public List<OpSpec> rowAlignedInputs(FlakyLengthOp op) {
    return List.of(op.text());
  }

  @Override
  public Result compute(FlakyLengthOp op, Inputs inputs) {
    TaskContext task = TaskContext.get();
    if (task != null && task.partitionId() == 1 && task.attemptNumber() < op.failingAttempts()) {
      throw new IllegalStateException("FlakyLengthOp: attempt " + task.attemptNumber() + " of partition 1 fails on purpose");
    }
    List<String> texts = inputs.strings(op.text());
    double[] lengths = new double[texts.size()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = texts.get(i) == null ? -1 : texts.get(i).length();
    }
    return Result.doubles(op, lengths);
  }
}
