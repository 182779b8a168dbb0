package krnel.onnx;

import java.util.List;
import java.util.Map;
import krnel.runner.Runner;
import krnel.types.VectorColumn;

/**
 * A user's program: MiniLM activations of its arguments, one line per prompt. {@link
 * CleanEnvironmentTest} runs it as a plain {@code java -cp ... ScorePrompts} child process.
 */
public final class ScorePrompts {
  private ScorePrompts() {}

  public static void main(String[] prompts) {
    try (Runner runner = Runner.memory()) {
      VectorColumn x = runner.fromInlineDataset(Map.of("text", List.of(prompts))).colText("text")
          .llmLayerActivations("builtin:all-minilm-l6-v2-q", -1, o -> o.maxLength(32));
      float[][] vectors = runner.toFloatMatrix(x);
      for (int i = 0; i < prompts.length; i++) {
        double norm = 0;
        for (float v : vectors[i]) {
          norm += v * v;
        }
        System.out.printf("%s: %d dimensions, norm %.3f%n", prompts[i], vectors[i].length, Math.sqrt(norm));
      }
    }
  }
}
