package krnel.runner.plain;

import java.util.List;
import krnel.annotations.Implementation;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Result;

/** The short form: registered by its annotation, no Arrow, no services file. */
@Implementation
public final class TextLengthImplementation implements OpImplementation<TextLengthOp> {
  @Override
  public Class<TextLengthOp> opType() {
    return TextLengthOp.class;
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public Result compute(TextLengthOp op, Inputs inputs) {
    List<String> texts = inputs.strings(op.text());
    double[] offsets = inputs.doubles(op.offsets());
    double[] lengths = new double[texts.size()];
    for (int row = 0; row < lengths.length; row++) {
      lengths[row] = (texts.get(row) == null ? 0 : texts.get(row).length()) + offsets[row];
    }
    return Result.doubles(op, lengths);
  }
}
