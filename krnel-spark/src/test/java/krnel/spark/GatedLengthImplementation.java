package krnel.spark;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import krnel.annotations.Implementation;
import krnel.graph.OpSpec;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Result;
import krnel.runner.RowWise;
import org.apache.spark.TaskContext;

/**
 * Computes {@link GatedLengthOp}; in local mode (executors in the test JVM) the task of slice 1
 * (partition 1) waits for the test to open the gate, so the test sees the job while it runs.
 */
@Implementation
public final class GatedLengthImplementation implements OpImplementation<GatedLengthOp>, RowWise<GatedLengthOp> {
  static final AtomicReference<CountDownLatch> GATE = new AtomicReference<>(new CountDownLatch(0));

  @Override
  public Class<GatedLengthOp> opType() {
    return GatedLengthOp.class;
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public List<OpSpec> rowAlignedInputs(GatedLengthOp op) {
    return List.of(op.text());
  }

  @Override
  public Result compute(GatedLengthOp op, Inputs inputs) {
    TaskContext task = TaskContext.get();
    if (task != null && task.partitionId() == 1) {
      try {
        if (!GATE.get().await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("GatedLengthOp: the gate stayed closed for 60 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("GatedLengthOp: interrupted at the gate", e);
      }
    }
    List<String> texts = inputs.strings(op.text());
    double[] lengths = new double[texts.size()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = texts.get(i).length();
    }
    return Result.doubles(op, lengths);
  }
}
