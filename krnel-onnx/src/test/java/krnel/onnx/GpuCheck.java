package krnel.onnx;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.util.List;
import java.util.Random;
import krnel.ops.LLMLayerActivationsOp.TokenMode;

/**
 * The GPU check (run by {@code krnel-onnx/scripts/gpu-check.sh}): MiniLM activations on the CPU and
 * on {@code device}, for an early layer (graph pruned) and the last one. It fails (exit 1) unless
 * every mean-pooled vector agrees within tolerance, and prints tokens/s on both at several batch
 * sizes. With device {@code cpu} it checks the CPU against itself, which exercises everything but
 * CUDA on a machine without a GPU.
 *
 * <p>Arguments: {@code [device=cuda] [sentences=512] [model=builtin:all-minilm-l6-v2]}.
 */
public final class GpuCheck {
  private GpuCheck() {}

  /** fp32 on CUDA may use TF32 tensor cores (10-bit mantissa) for MatMul: agreement to about 1e-3. */
  static final double MIN_COSINE = 0.9999;
  static final double MAX_RELATIVE = 5e-3;
  private static final int[] BATCHES = {1, 8, 32, 128};

  public static void main(String[] args) throws Exception {
    System.setProperty("DJL_CACHE_DIR", System.getProperty("DJL_CACHE_DIR", "krnel-onnx/target/djl-cache"));
    System.setProperty("jna.tmpdir", System.getProperty("jna.tmpdir", "krnel-onnx/target/jna"));
    Device device = Device.parse(args.length > 0 ? args[0] : "cuda");
    int sentences = args.length > 1 ? Integer.parseInt(args[1]) : 512;
    String modelName = args.length > 2 ? args[2] : "builtin:all-minilm-l6-v2";
    System.out.println("ONNX Runtime providers: " + OrtEnvironment.getAvailableProviders() + "; checking " + device
        + " against cpu on " + modelName + ", " + sentences + " sentences");

    OnnxModel model = OnnxModel.get(modelName);
    List<LayerActivations.Tokens> tokens;
    try (HuggingFaceTokenizer tokenizer = model.tokenizer(128)) {
      tokens = LayerActivations.tokenize(tokenizer, OnnxBenchmark.sentences(sentences, new Random(42)));
    }
    long realTokens = tokens.stream().mapToLong(LayerActivations.Tokens::length).sum();

    boolean agree = true;
    for (int hidden : new int[] {2, model.layers()}) {
      OrtSession cpu = model.session(hidden, true, Device.CPU);
      OrtSession other = model.session(hidden, true, device);
      float[][] expected = LayerActivations.compute(cpu, tokens, TokenMode.MEAN, 32, n -> {}).rows();
      float[][] actual = LayerActivations.compute(other, tokens, TokenMode.MEAN, 32, n -> {}).rows();
      double worstCosine = 1;
      double worstRelative = 0;
      for (int i = 0; i < expected.length; i++) {
        worstCosine = Math.min(worstCosine, cosine(expected[i], actual[i]));
        worstRelative = Math.max(worstRelative, relativeMaxDifference(expected[i], actual[i]));
      }
      boolean ok = worstCosine >= MIN_COSINE && worstRelative <= MAX_RELATIVE;
      agree &= ok;
      System.out.printf("hidden state %d: worst cosine %.7f (>= %s), worst max|diff|/max|cpu| %.2e (<= %.0e): %s%n",
          hidden, worstCosine, MIN_COSINE, worstRelative, MAX_RELATIVE, ok ? "ok" : "MISMATCH");
    }

    System.out.printf("%nthroughput, last layer, mean pooling, real tokens/s (best of 3)%n%6s %12s %12s %8s%n",
        "batch", "cpu", device, "ratio");
    for (int batch : BATCHES) {
      double cpu = tokensPerSecond(model.session(model.layers(), true, Device.CPU), tokens, batch, realTokens);
      double other = tokensPerSecond(model.session(model.layers(), true, device), tokens, batch, realTokens);
      System.out.printf("%6d %12.0f %12.0f %7.1fx%n", batch, cpu, other, other / cpu);
    }
    System.out.println(agree ? "GPU check passed" : "GPU check FAILED: results differ beyond tolerance");
    System.exit(agree ? 0 : 1);
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int k = 0; k < a.length; k++) {
      dot += (double) a[k] * b[k];
      na += (double) a[k] * a[k];
      nb += (double) b[k] * b[k];
    }
    return dot / Math.sqrt(na * nb);
  }

  /** The largest element difference, relative to the largest magnitude of {@code expected}. */
  static double relativeMaxDifference(float[] expected, float[] actual) {
    double scale = 0;
    double worst = 0;
    for (int k = 0; k < expected.length; k++) {
      scale = Math.max(scale, Math.abs(expected[k]));
      worst = Math.max(worst, Math.abs(expected[k] - actual[k]));
    }
    return scale == 0 ? worst : worst / scale;
  }

  private static double tokensPerSecond(OrtSession session, List<LayerActivations.Tokens> tokens, int batch,
      long realTokens) throws Exception {
    LayerActivations.compute(session, tokens.subList(0, Math.min(256, tokens.size())), TokenMode.MEAN, batch, n -> {});
    double best = Double.MAX_VALUE;
    for (int r = 0; r < 3; r++) {
      long start = System.nanoTime();
      LayerActivations.compute(session, tokens, TokenMode.MEAN, batch, n -> {});
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
    }
    return realTokens / best;
  }
}
