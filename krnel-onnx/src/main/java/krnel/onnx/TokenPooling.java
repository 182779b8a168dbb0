package krnel.onnx;

import krnel.ops.LLMLayerActivationsOp.TokenMode;

/** How one prompt's token vectors become its result row, for each {@code token_mode}. */
final class TokenPooling {
  private TokenPooling() {}

  /**
   * Row {@code row}'s result over its first {@code length} (real) tokens, in float32: {@code last}
   * and {@code mean} give one vector, {@code all} every token's vector, one after the other.
   * {@code mean} accumulates in double (never in the output dtype) and rounds once at the end.
   */
  static float[] pool(LayerActivations.States states, int row, int length, TokenMode mode) {
    int hidden = states.hidden();
    int base = row * states.width() * hidden;
    switch (mode) {
      case LAST: {
        float[] vector = new float[hidden];
        System.arraycopy(states.values(), base + (length - 1) * hidden, vector, 0, hidden);
        return vector;
      }
      case MEAN: {
        double[] sum = new double[hidden];
        for (int p = 0; p < length; p++) {
          int at = base + p * hidden;
          for (int k = 0; k < hidden; k++) {
            sum[k] += states.values()[at + k];
          }
        }
        float[] vector = new float[hidden];
        for (int k = 0; k < hidden; k++) {
          vector[k] = (float) (sum[k] / length);
        }
        return vector;
      }
      case ALL: {
        float[] tokens = new float[length * hidden];
        System.arraycopy(states.values(), base, tokens, 0, tokens.length);
        return tokens;
      }
      default:
        throw new AssertionError(mode);
    }
  }
}
