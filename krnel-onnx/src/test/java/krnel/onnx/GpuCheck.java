package krnel.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.util.List;
import java.util.Random;
import krnel.ops.LLMLayerActivationsOp.TokenMode;

/**
 * The GPU check (run by {@code krnel-onnx/scripts/gpu-check.sh}): MiniLM activations on the CPU and
 * on {@code device}, for an early layer (graph pruned) and the last one, with dtype float32 and
 * float16 (which computes in float16 on CUDA). It fails (exit 1) unless every mean-pooled vector
 * agrees with the CPU's float32 within tolerance, and prints tokens/s at several batch sizes. With
 * device {@code cpu} it checks the CPU against itself, which exercises everything but CUDA on a
 * machine without a GPU.
 *
 * <p>Arguments: {@code [device=cuda] [sentences=512] [model=builtin:all-minilm-l6-v2]}.
 */
public final class GpuCheck {
  private GpuCheck() {}

  /** fp32 on CUDA may use TF32 tensor cores (10-bit mantissa) for MatMul: agreement to about 1e-3. */
  static final double MIN_COSINE = 0.9999;
  static final double MAX_RELATIVE = 5e-3;
  /** dtype float16 on CUDA computes in float16 (Float16Graphs); on the CPU it stays within 1e-2 (Float16GraphsTest). */
  static final double MIN_COSINE_FP16 = 0.999;
  static final double MAX_RELATIVE_FP16 = 3e-2;
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
    List<LayerActivations.Tokens> tokens =
        OnnxTesting.tokenize(model, 128, OnnxBenchmark.sentences(sentences, new Random(42)));
    long realTokens = tokens.stream().mapToLong(LayerActivations.Tokens::length).sum();

    boolean agree = true;
    for (int hidden : new int[] {2, model.layers()}) {
      float[][] expected = LayerActivations.compute(model.session(hidden, true, Device.CPU), tokens, TokenMode.MEAN, 32,
          n -> {}).rows();
      for (ActivationTables.Dtype dtype : ActivationTables.Dtype.values()) {
        boolean half = dtype == ActivationTables.Dtype.FLOAT16;
        float[][] actual = LayerActivations.compute(model.session(hidden, true, device, dtype), tokens, TokenMode.MEAN,
            32, n -> {}).rows();
        agree &= agrees(hidden + " " + dtype, expected, actual, half ? MIN_COSINE_FP16 : MIN_COSINE,
            half ? MAX_RELATIVE_FP16 : MAX_RELATIVE);
      }
    }

    System.out.printf("%nthroughput, last layer, mean pooling, real tokens/s (best of 3)%n%6s %12s %14s %14s %8s%n",
        "batch", "cpu", device + " fp32", device + " fp16", "fp16/cpu");
    for (int batch : BATCHES) {
      double cpu = tokensPerSecond(model.session(model.layers(), true, Device.CPU), tokens, batch, realTokens);
      double fp32 = tokensPerSecond(model.session(model.layers(), true, device), tokens, batch, realTokens);
      double fp16 = tokensPerSecond(model.session(model.layers(), true, device, ActivationTables.Dtype.FLOAT16), tokens,
          batch, realTokens);
      System.out.printf("%6d %12.0f %14.0f %14.0f %7.1fx%n", batch, cpu, fp32, fp16, fp16 / cpu);
    }
    System.out.println(agree ? "GPU check passed" : "GPU check FAILED: results differ beyond tolerance");
    System.exit(agree ? 0 : 1);
  }

  /** Prints how close {@code actual} is to the CPU's {@code expected}; whether it is within both bounds. */
  private static boolean agrees(String label, float[][] expected, float[][] actual, double minCosine,
      double maxRelative) {
    double worstCosine = 1;
    double worstRelative = 0;
    for (int i = 0; i < expected.length; i++) {
      worstCosine = Math.min(worstCosine, cosine(expected[i], actual[i]));
      worstRelative = Math.max(worstRelative, relativeMaxDifference(expected[i], actual[i]));
    }
    boolean ok = worstCosine >= minCosine && worstRelative <= maxRelative;
    System.out.printf("hidden state %s: worst cosine %.7f (>= %s), worst max|diff|/max|cpu| %.2e (<= %.0e): %s%n",
        label, worstCosine, minCosine, worstRelative, maxRelative, ok ? "ok" : "MISMATCH");
    return ok;
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
