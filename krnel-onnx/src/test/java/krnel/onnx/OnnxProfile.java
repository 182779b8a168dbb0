package krnel.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import krnel.ops.LLMLayerActivationsOp.TokenMode;

/**
 * Where an activation run spends its time, per operator type, from ONNX Runtime's own profiler:
 * the graph the op runs (CPU fusions on) and the same graph without them, on {@link
 * OnnxBenchmark}'s sentences. The share of {@code MatMul} is what the GEMM ceiling can reach; the
 * rest is what keeps a model below it.
 *
 * <pre>
 * (classpath as for OnnxBenchmark)
 * java ... krnel.onnx.OnnxProfile [model [layer [batch [sentences]]]]
 * </pre>
 */
public final class OnnxProfile {
  private OnnxProfile() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("DJL_CACHE_DIR", System.getProperty("DJL_CACHE_DIR", "krnel-onnx/target/djl-cache"));
    String name = args.length > 0 ? args[0] : OnnxTesting.FP32;
    OnnxModel model = OnnxModel.get(name);
    int layer = args.length > 1 ? Integer.parseInt(args[1]) : model.layers();
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    int sentences = args.length > 3 ? Integer.parseInt(args[3]) : 256;
    List<LayerActivations.Tokens> tokens =
        OnnxTesting.tokenize(model, 128, OnnxBenchmark.sentences(sentences, new Random(42)));
    OnnxMl.ModelProto tapped = OnnxGraphs.tap(model.proto, model.hiddenState(layer), true);
    Path dir = Files.createTempDirectory("krnel-profile-");
    System.out.printf("%s, hidden state %d (pruned), batch %d, %d sentences, %d intra-op threads%n", name, layer, batch,
        sentences, Runtime.getRuntime().availableProcessors());
    profile("ORT's optimizations alone", tapped, tokens, batch, dir.resolve("unfused"));
    if (model.family == ModelFamily.BERT) {
      profile("with the CPU fusions", EncoderFusions.apply(tapped).model(), tokens, batch, dir.resolve("fused"));
    }
    Files.delete(dir);
  }

  private static void profile(String label, OnnxMl.ModelProto graph, List<LayerActivations.Tokens> tokens, int batch,
      Path prefix) throws Exception {
    Map<String, Long> micros = new TreeMap<>();
    Map<String, Integer> calls = new TreeMap<>();
    try (OrtSession.SessionOptions options = ExecutionProviders.sessionOptions()) {
      options.enableProfiling(prefix.toString());
      try (OrtSession session = OrtEnvironment.getEnvironment().createSession(graph.toByteArray(), options)) {
        LayerActivations.compute(session, tokens, TokenMode.MEAN, batch, n -> {}); // warm-up, also profiled
        LayerActivations.compute(session, tokens, TokenMode.MEAN, batch, n -> {});
        Path trace = Path.of(session.endProfiling());
        JsonNode events = new ObjectMapper().readTree(trace.toFile());
        Files.delete(trace);
        for (JsonNode event : events) {
          if (event.path("cat").asText().equals("Node") && event.path("name").asText().endsWith("_kernel_time")) {
            String op = event.path("args").path("op_name").asText();
            micros.merge(op, event.path("dur").asLong(), Long::sum);
            calls.merge(op, 1, Integer::sum);
          }
        }
      }
    }
    long total = micros.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("%n%s: %.1f ms in kernels%n", label, total / 1e3);
    micros.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .filter(e -> e.getValue() * 1000 >= total)
        .forEach(e -> System.out.printf("  %-28s %8.1f ms %5.1f%% %6d calls%n", e.getKey(), e.getValue() / 1e3,
            100.0 * e.getValue() / total, calls.get(e.getKey())));
  }
}
