package krnel.s3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import krnel.runner.Inputs;
import krnel.runner.KrnelModule;
import krnel.runner.OpImplementation;
import krnel.runner.Result;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Computes {@link SlowOp}: row 0, 1, 2 hold 0, 1, 2 and further rows random doubles (seeded by the
 * label); appends a line per run to {@code counter}, if set.
 */
final class SlowImplementation implements OpImplementation<SlowOp> {
  private final Path counter;

  SlowImplementation(Path counter) {
    this.counter = counter;
  }

  @Override
  public Class<SlowOp> opType() {
    return SlowOp.class;
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public Result compute(SlowOp op, Inputs inputs) throws IOException, InterruptedException {
    if (counter != null) {
      Files.writeString(counter, op.label() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
    Thread.sleep(op.sleepMillis());
    if (op.streamed()) {
      Float8Vector schemaOnly = new Float8Vector(op.uuid(), inputs.allocator());
      Schema schema = VectorSchemaRoot.of(schemaOnly).getSchema();
      schemaOnly.close();
      return Result.batches(schema, sink -> {
        int batch = 65_536;
        for (int start = 0; start < op.rows(); start += batch) {
          if (op.failMidStream() && start > 0) {
            throw new IllegalStateException("SlowOp.failMidStream: failing on purpose after " + start + " rows");
          }
          try (VectorSchemaRoot rows = VectorSchemaRoot.of(values(op, inputs, start, Math.min(op.rows(), start + batch)))) {
            sink.accept(rows);
          }
        }
      });
    }
    return Result.table(VectorSchemaRoot.of(values(op, inputs, 0, op.rows())));
  }

  static double value(SlowOp op, int row) {
    return row < 3 ? row : new SplittableRandom(op.label().hashCode() * 31L + row).nextDouble();
  }

  private static Float8Vector values(SlowOp op, Inputs inputs, int from, int to) {
    Float8Vector values = new Float8Vector(op.uuid(), inputs.allocator());
    values.allocateNew(to - from);
    for (int i = from; i < to; i++) {
      values.set(i - from, value(op, i));
    }
    values.setValueCount(to - from);
    return values;
  }

  static KrnelModule module(Path counter) {
    return new KrnelModule() {
      @Override
      protected void configure() {
        implement(new SlowImplementation(counter));
      }
    };
  }
}
