package krnel.onnx;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import krnel.ops.LLMLayerActivationsOp.TokenMode;

/**
 * Tokens/s of the activation path (tokenize excluded; batching, padding, ORT run, copy-out and
 * pooling included) for the built-in MiniLM models, fp32 and int8, at batch 1, 8 and 32, tapping an
 * early hidden state with the graph pruned after it, the same state with the graph left whole, and
 * the last layer. Each figure is set against the machine's single-precision GEMM ceiling for the
 * same work, measured in the same run by {@link GemmCeiling}: the model's own weight products alone
 * on ONNX Runtime's MLAS, at as many rows as the batch has real tokens. Best of {@code reps}.
 *
 * <pre>
 * ORT_DISABLE_TELEMETRY=1 mvn -q -pl krnel-onnx exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=krnel.onnx.OnnxBenchmark [-Dexec.args="sentences earlyLayer reps"]
 * </pre>
 */
public final class OnnxBenchmark {
  private OnnxBenchmark() {}

  private static final int[] BATCHES = {1, 8, 32};

  /** One tapped graph: which hidden state, pruned or not. */
  private record Graph(String label, int hiddenState, boolean prune) {}

  public static void main(String[] args) throws Exception {
    System.setProperty("DJL_CACHE_DIR", System.getProperty("DJL_CACHE_DIR", "krnel-onnx/target/djl-cache"));
    System.setProperty("jna.tmpdir", System.getProperty("jna.tmpdir", "krnel-onnx/target/jna"));
    int sentences = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int early = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    List<String> texts = sentences(sentences, new Random(42));
    OnnxModel fp32 = OnnxModel.get(OnnxLayerActivationsTest.FP32);
    int last = fp32.layers();
    List<Graph> graphs = List.of(new Graph("layer " + early + " pruned", early, true),
        new Graph("layer " + early + " whole", early, false), new Graph("layer " + last + " (last)", last, true));

    List<LayerActivations.Tokens> tokens;
    try (HuggingFaceTokenizer tokenizer = fp32.tokenizer(128)) {
      tokens = LayerActivations.tokenize(tokenizer, texts);
    }
    long realTokens = tokens.stream().mapToLong(LayerActivations.Tokens::length).sum();
    double perSentence = (double) realTokens / sentences;
    System.out.printf("%d sentences of %.1f tokens, mean pooling, best of %d, %d cores, ORT default threads%n",
        sentences, perSentence, reps, Runtime.getRuntime().availableProcessors());

    System.out.printf("%-26s %-18s %6s %10s %10s %8s %9s%n", "model", "graph", "batch", "tokens/s", "ceiling",
        "of ceil", "GFLOP/s");
    Map<String, GemmCeiling> ceilings = new HashMap<>();
    try {
      for (Graph graph : graphs) {
        ceilings.put(graph.label(), GemmCeiling.of(OnnxGraphs.tap(fp32.proto, fp32.hiddenState(graph.hiddenState()),
            graph.prune())));
      }
      for (String name : List.of(OnnxLayerActivationsTest.FP32, OnnxLayerActivationsTest.INT8)) {
        OnnxModel model = OnnxModel.get(name);
        for (Graph graph : graphs) {
          OrtSession session = model.session(graph.hiddenState(), graph.prune());
          GemmCeiling gemm = ceilings.get(graph.label());
          double flops = GemmCeiling.flopsPerRow(gemm.products());
          for (int batch : BATCHES) {
            int[] rows = realTokensPerBatch(tokens, batch);
            LayerActivations.compute(session, tokens.subList(0, Math.min(64, tokens.size())), TokenMode.MEAN, batch,
                n -> {});
            gemm.seconds(java.util.Arrays.copyOf(rows, Math.min(rows.length, 4)));
            // model and ceiling alternate, so both see the same load on a shared machine
            double modelSeconds = Double.MAX_VALUE;
            double ceiling = Double.MAX_VALUE;
            for (int r = 0; r < reps; r++) {
              long start = System.nanoTime();
              LayerActivations.compute(session, tokens, TokenMode.MEAN, batch, n -> {});
              modelSeconds = Math.min(modelSeconds, (System.nanoTime() - start) / 1e9);
              ceiling = Math.min(ceiling, gemm.seconds(rows));
            }
            System.out.printf("%-26s %-18s %6d %10.0f %10.0f %7.0f%% %9.1f%n", name, graph.label(), batch,
                realTokens / modelSeconds, realTokens / ceiling, 100 * ceiling / modelSeconds, realTokens * flops / ceiling / 1e9);
          }
        }
      }
    } finally {
      for (GemmCeiling gemm : ceilings.values()) {
        gemm.close();
      }
    }
    for (Graph graph : graphs) {
      System.out.printf("  ceiling of %s: %d weight products, %.1f MFLOP per token%n", graph.label(),
          ceilings.get(graph.label()).products().size(), GemmCeiling.flopsPerRow(ceilings.get(graph.label()).products()) / 1e6);
    }
    System.out.println("  (ceiling: the fp32 weight products alone, one run per batch with its real-token rows;"
        + " GFLOP/s is the ceiling's; int8 is set against the fp32 ceiling, so it can exceed 100%)");
  }

  /** The real-token count of each batch {@link LayerActivations#compute} makes (prompts sorted by length). */
  private static int[] realTokensPerBatch(List<LayerActivations.Tokens> tokens, int batch) {
    int[] lengths = tokens.stream().mapToInt(LayerActivations.Tokens::length).sorted().toArray();
    int[] rows = new int[(lengths.length + batch - 1) / batch];
    for (int i = 0; i < lengths.length; i++) {
      rows[i / batch] += lengths[i];
    }
    return rows;
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
