package krnel.onnx;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import krnel.ops.LLMLayerActivationsOp.TokenMode;

/**
 * Tokens/s of the activation path (tokenize excluded; batching, padding, ORT run, copy-out and
 * pooling included) for the built-in MiniLM models, fp32 and int8, at batch 1, 8 and 32, tapping
 * hidden state {@code layer} with the graph pruned after it or left whole. Best of {@code reps}.
 *
 * <pre>
 * ORT_DISABLE_TELEMETRY=1 mvn -q -pl krnel-onnx exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=krnel.onnx.OnnxBenchmark [-Dexec.args="sentences layer reps"]
 * </pre>
 */
public final class OnnxBenchmark {
  private OnnxBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("DJL_CACHE_DIR", System.getProperty("DJL_CACHE_DIR", "krnel-onnx/target/djl-cache"));
    System.setProperty("jna.tmpdir", System.getProperty("jna.tmpdir", "krnel-onnx/target/jna"));
    int sentences = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int layer = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    List<String> texts = sentences(sentences, new Random(42));
    System.out.printf("%d sentences, hidden state %d, mean pooling, best of %d, %d cores%n",
        sentences, layer, reps, Runtime.getRuntime().availableProcessors());
    System.out.printf("%-26s %-8s %6s %12s %10s%n", "model", "graph", "batch", "tokens/s", "sent/s");
    for (String name : List.of(OnnxLayerActivationsTest.FP32, OnnxLayerActivationsTest.INT8)) {
      OnnxModel model = OnnxModel.get(name);
      List<LayerActivations.Tokens> tokens;
      try (HuggingFaceTokenizer tokenizer = model.tokenizer(128)) {
        tokens = LayerActivations.tokenize(tokenizer, texts);
      }
      long realTokens = tokens.stream().mapToLong(LayerActivations.Tokens::length).sum();
      for (boolean prune : new boolean[] {true, false}) {
        OrtSession session = model.session(layer, prune);
        for (int batch : new int[] {1, 8, 32}) {
          LayerActivations.compute(session, tokens.subList(0, Math.min(64, tokens.size())), TokenMode.MEAN, batch, n -> {});
          double best = Double.MAX_VALUE;
          for (int r = 0; r < reps; r++) {
            long start = System.nanoTime();
            LayerActivations.compute(session, tokens, TokenMode.MEAN, batch, n -> {});
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
          }
          System.out.printf("%-26s %-8s %6d %12.0f %10.1f%n", name, prune ? "pruned" : "whole", batch,
              realTokens / best, sentences / best);
        }
      }
      System.out.printf("  (%s: %.1f real tokens per sentence)%n", name, (double) realTokens / sentences);
    }
  }

  /** Synthetic English-like sentences of 4 to 30 words. */
  static List<String> sentences(int n, Random random) {
    String[] words = ("the model reads a prompt and writes its hidden state into a vector that a probe can"
        + " classify while the layer norm keeps every token on a sphere of fixed radius so that"
        + " interpretability research compares directions across layers of small transformers").split(" ");
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int length = 4 + random.nextInt(27);
      StringBuilder sentence = new StringBuilder();
      for (int w = 0; w < length; w++) {
        sentence.append(w == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
      }
      out.add(sentence.append('.').toString());
    }
    return out;
  }
}
