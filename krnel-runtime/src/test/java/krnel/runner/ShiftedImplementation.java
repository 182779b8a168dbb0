package krnel.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Computes {@link ShiftedOp}; appends a line per run ({@code shifted:<uuid>}) to {@code counter}, if set. */
final class ShiftedImplementation implements OpImplementation<ShiftedOp> {
  private final Path counter;

  ShiftedImplementation(Path counter) {
    this.counter = counter;
  }

  @Override
  public Class<ShiftedOp> opType() {
    return ShiftedOp.class;
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public Result compute(ShiftedOp op, Inputs inputs) throws IOException, InterruptedException {
    if (counter != null) {
      Files.writeString(counter, "shifted:" + op.uuid() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
    double[] values = inputs.doubles(op.input());
    Thread.sleep(op.sleepMillis());
    for (int i = 0; i < values.length; i++) {
      values[i] += op.shift();
    }
    return Result.doubles(op, values);
  }
}
