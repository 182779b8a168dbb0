package krnel.cli.testgraph;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import krnel.runner.Columns;
import krnel.runner.Inputs;
import krnel.runner.KrnelModule;
import krnel.runner.OpImplementation;
import krnel.runner.Result;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Computes {@link StepOp}, recording each run's label in {@link #RUNS}. */
public final class StepImplementation implements OpImplementation<StepOp> {
  /** Labels of the ops computed in this process, in order. */
  public static final List<String> RUNS = new CopyOnWriteArrayList<>();
  /** The version recorded with results; tests change it to make results stale. */
  public static final Map<String, String> VERSION = new ConcurrentHashMap<>(Map.of("version", "1"));

  @Override
  public Class<StepOp> opType() {
    return StepOp.class;
  }

  @Override
  public String version() {
    return VERSION.get("version");
  }

  @Override
  public Result compute(StepOp op, Inputs inputs) {
    RUNS.add(op.label());
    if (op.fail()) {
      throw new IllegalArgumentException("StepOp.fail: " + op.label() + " fails on purpose");
    }
    double[] values = {0, 1, 2};
    if (op.input() != null) {
      values = Columns.doubles(Columns.single(inputs.table(op.input()), "StepOp.input"), "StepOp.input");
      for (int i = 0; i < values.length; i++) {
        values[i]++;
      }
    }
    Float8Vector out = new Float8Vector(op.uuid(), inputs.allocator());
    out.allocateNew(values.length);
    for (int i = 0; i < values.length; i++) {
      out.set(i, values[i]);
    }
    out.setValueCount(values.length);
    return Result.table(VectorSchemaRoot.of(out));
  }

  /** Listed in META-INF/services/krnel.runner.KrnelModule. */
  public static final class Module extends KrnelModule {
    @Override
    protected void configure() {
      implement(new StepImplementation());
    }
  }
}
