package krnel.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** Computes {@link CountedOp}: rows 0, 1, 2, ...; appends a line per run to {@code counter}, if set. */
final class CountedImplementation implements OpImplementation<CountedOp> {
  private final Path counter;
  private final String version;

  CountedImplementation(Path counter, String version) {
    this.counter = counter;
    this.version = version;
  }

  @Override
  public Class<CountedOp> opType() {
    return CountedOp.class;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public Result compute(CountedOp op, Inputs inputs) throws IOException, InterruptedException {
    if (counter != null) {
      Files.writeString(counter, op.label() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    Thread.sleep(op.sleepMillis());
    if (op.fail()) {
      throw new IllegalArgumentException("CountedOp.fail: failing on purpose");
    }
    if (op.streamed()) {
      Float8Vector schemaOnly = new Float8Vector(op.uuid(), inputs.allocator());
      Schema schema = VectorSchemaRoot.of(schemaOnly).getSchema();
      schemaOnly.close();
      return Result.batches(schema, sink -> {
        for (int start = 0; start < op.rows(); start += 2) {
          try (VectorSchemaRoot batch = VectorSchemaRoot.of(values(op, inputs, start, Math.min(op.rows(), start + 2)))) {
            sink.accept(batch);
          }
        }
      });
    }
    return Result.table(VectorSchemaRoot.of(values(op, inputs, 0, op.rows())));
  }

  private static Float8Vector values(CountedOp op, Inputs inputs, int from, int to) {
    Float8Vector values = new Float8Vector(op.uuid(), inputs.allocator());
    values.allocateNew(to - from);
    for (int i = from; i < to; i++) {
      values.set(i - from, i);
    }
    values.setValueCount(to - from);
    return values;
  }

  /** A module binding this implementation. */
  static KrnelModule module(Path counter, String version) {
    return new KrnelModule() {
      @Override
      protected void configure() {
        implement(new CountedImplementation(counter, version));
      }
    };
  }
}
