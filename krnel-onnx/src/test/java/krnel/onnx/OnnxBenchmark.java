package krnel.onnx;

import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import krnel.ops.LLMLayerActivationsOp.TokenMode;

/**
 * Tokens/s of the activation path (tokenize excluded; batching, padding, ORT run, copy-out and
 * pooling included) for the built-in MiniLM models, fp32 and int8, and the GPT-2 test fixture
 * (or the models named in the fourth argument, comma-separated), at batch 1, 8 and 32, tapping an
 * early hidden state with the graph pruned after it, the same state with the graph left whole, the
 * last layer, and (fp32 BERT encoders) the last layer without the CPU fusions of {@link EncoderFusions}.
 * Each figure is set against the machine's single-precision GEMM ceiling for the same work,
 * measured in the same run by {@link GemmCeiling}: the model's own weight products alone on ONNX
 * Runtime's MLAS, at as many rows as the batch has real tokens. Best of {@code reps}.
 *
 * <pre>
 * mvn -q -B -pl krnel-onnx -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp -Dmdep.includeScope=test
 * ORT_DISABLE_TELEMETRY=1 java --add-opens=java.base/java.nio=ALL-UNNAMED \
 *     -cp krnel-onnx/target/test-classes:krnel-onnx/target/classes:$(cat /tmp/cp) \
 *     krnel.onnx.OnnxBenchmark [sentences earlyLayer reps [models]]
 * </pre>
 */
public final class OnnxBenchmark {
  private OnnxBenchmark() {}

  private static final int[] BATCHES = {1, 8, 32};

  /** One tapped graph: which hidden state, pruned or not, with the CPU fusions ({@link EncoderFusions}) or not. */
  private record Graph(String label, int hiddenState, boolean prune, boolean fuse) {}

  public static void main(String[] args) throws Exception {
    System.setProperty("DJL_CACHE_DIR", System.getProperty("DJL_CACHE_DIR", "krnel-onnx/target/djl-cache"));
    System.setProperty("jna.tmpdir", System.getProperty("jna.tmpdir", "krnel-onnx/target/jna"));
    int sentences = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int early = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    String gpt2 = "onnx:" + Path.of(OnnxBenchmark.class.getResource("/decoders/gpt2-tiny/model.onnx").toURI()).getParent();
    List<String> models = args.length > 3 ? List.of(args[3].split(","))
        : List.of(OnnxTesting.FP32, OnnxTesting.INT8, gpt2);
    List<String> texts = sentences(sentences, new Random(42));
    System.out.printf("%d sentences, mean pooling, best of %d, %d cores, one ORT intra-op thread per core%n",
        sentences, reps, Runtime.getRuntime().availableProcessors());
    System.out.printf("%-26s %-18s %6s %10s %10s %8s %9s%n", "model", "graph", "batch", "tokens/s", "ceiling",
        "of ceil", "GFLOP/s");
    for (String name : models) {
      OnnxModel model = OnnxModel.get(name);
      // int8 is set against the fp32 model's ceiling: the work the quantized model stands in for
      OnnxModel reference = name.equals(OnnxTesting.INT8) ? OnnxModel.get(OnnxTesting.FP32) : model;
      List<LayerActivations.Tokens> tokens = OnnxTesting.tokenize(model,
          OnnxLayerActivationsImplementation.maxLength(null, model) < 128 ? model.maxPositions : 128, texts);
      int last = model.layers();
      List<Graph> graphs = new ArrayList<>(List.of(new Graph("layer " + early + " pruned", early, true, true),
          new Graph("layer " + early + " whole", early, false, true),
          new Graph("layer " + last + " (last)", last, true, true)));
      if (model.family == ModelFamily.BERT && !OnnxGraphs.quantizesDynamically(model.proto.getGraph())) {
        // the in-run baseline for the fusions: the same last layer as ONNX Runtime alone optimizes it
        graphs.add(new Graph("layer " + last + " unfused", last, true, false));
      }
      for (Graph graph : graphs) {
        try (GemmCeiling gemm = GemmCeiling.of(OnnxGraphs.tap(reference.proto,
            reference.hiddenState(graph.hiddenState()), graph.prune()))) {
          measure(model.session(graph.hiddenState(), graph.prune(), Device.CPU, ActivationTables.Dtype.FLOAT32,
              graph.fuse()), gemm, tokens, name, graph, reps);
          System.out.printf("  ceiling of %s, %s: %d weight products, %.2f MFLOP per token%n", label(name), graph.label(),
              gemm.products().size(), GemmCeiling.flopsPerRow(gemm.products()) / 1e6);
        }
      }
    }
    System.out.println("  (ceiling: the fp32 weight products alone, one run per batch with its real-token rows;"
        + " GFLOP/s is the ceiling's; int8 is set against the fp32 ceiling, so it can exceed 100%)");
  }

  /** One line per batch size: the model's tokens/s against the ceiling's, alternating so both see the same load. */
  private static void measure(OrtSession session, GemmCeiling gemm, List<LayerActivations.Tokens> tokens, String name,
      Graph graph, int reps) throws Exception {
    long realTokens = tokens.stream().mapToLong(LayerActivations.Tokens::length).sum();
    double flops = GemmCeiling.flopsPerRow(gemm.products());
    for (int batch : BATCHES) {
      int[] rows = realTokensPerBatch(tokens, batch);
      LayerActivations.compute(session, tokens.subList(0, Math.min(64, tokens.size())), TokenMode.MEAN, batch, n -> {});
      gemm.seconds(java.util.Arrays.copyOf(rows, Math.min(rows.length, 4)));
      double modelSeconds = Double.MAX_VALUE;
      double ceiling = Double.MAX_VALUE;
      for (int r = 0; r < reps; r++) {
        long start = System.nanoTime();
        LayerActivations.compute(session, tokens, TokenMode.MEAN, batch, n -> {});
        modelSeconds = Math.min(modelSeconds, (System.nanoTime() - start) / 1e9);
        ceiling = Math.min(ceiling, gemm.seconds(rows));
      }
      System.out.printf("%-26s %-18s %6d %10.0f %10.0f %7.0f%% %9.1f%n", label(name), graph.label(), batch,
          realTokens / modelSeconds, realTokens / ceiling, 100 * ceiling / modelSeconds, realTokens * flops / ceiling / 1e9);
    }
  }

  /** The model's name, an {@code onnx:} folder by its last path element. */
  private static String label(String model) {
    return model.startsWith("onnx:") ? "onnx:" + Path.of(model.substring(5)).getFileName() : model;
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
