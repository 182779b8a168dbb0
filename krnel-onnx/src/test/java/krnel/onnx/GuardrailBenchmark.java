package krnel.onnx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import krnel.ops.LLMLayerActivationsOp;
import krnel.ops.LLMLayerActivationsOp.TokenMode;
import krnel.ops.TrainClassifierOp.Preprocessing;
import krnel.runner.Runner;
import krnel.types.Classifier;
import krnel.types.Dataset;
import krnel.types.TextColumn;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * {@link Guardrail#score} against scoring through the graph (an activations op and a predict op on a memory
 * runner) for the same prompts, in one run: the latency of one prompt (p50, p99) and the throughput at batch 32,
 * with the activations op alone as the throughput baseline. MiniLM fp32, last layer, mean pooling, {@code
 * max_length} 128, a standardized logistic-regression probe. The two paths alternate so that both see the same load.
 *
 * <pre>
 * mvn -q -B -pl krnel-onnx -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp -Dmdep.includeScope=test
 * ORT_DISABLE_TELEMETRY=1 java --add-opens=java.base/java.nio=ALL-UNNAMED \
 *     -cp krnel-onnx/target/test-classes:krnel-onnx/target/classes:$(cat /tmp/cp) \
 *     krnel.onnx.GuardrailBenchmark [singlePrompts batches]
 * </pre>
 */
public final class GuardrailBenchmark {
  private GuardrailBenchmark() {}

  private static final int BATCH = 32;

  public static void main(String[] args) throws Exception {
    System.setProperty("DJL_CACHE_DIR", System.getProperty("DJL_CACHE_DIR", "krnel-onnx/target/djl-cache"));
    System.setProperty("jna.tmpdir", System.getProperty("jna.tmpdir", "krnel-onnx/target/jna"));
    int singles = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int batches = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    List<String> prompts = OnnxBenchmark.sentences(singles + batches * BATCH + 64, new Random(7));
    Path dir = Files.createTempDirectory("krnel-guardrail-bench");
    try (Runner runner = Runner.memory()) {
      List<String> labels = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        labels.add(prompts.get(i).contains("probe") ? "yes" : "no");
      }
      Map<String, List<?>> data = new LinkedHashMap<>();
      data.put("text", new ArrayList<>(prompts.subList(0, 64)));
      data.put("label", labels);
      Dataset train = runner.fromInlineDataset(data);
      LLMLayerActivationsOp trainX = activations(train.colText("text"));
      Classifier probe = trainX.trainClassifier("logistic_regression", train.colCategorical("label").isIn("yes"),
          o -> o.preprocessing(Preprocessing.STANDARDIZE));
      runner.toJson(probe);
      Guardrails.export(runner, probe, trainX, dir, Guardrails.Options.defaults());
      try (Guardrail guardrail = Guardrail.load(dir, "cpu", false)) {
        List<String> rest = prompts.subList(64, prompts.size());
        // warm-up: JIT, ORT's first runs, the runner's plan and store code
        for (int i = 0; i < 20; i++) {
          guardrail.score(List.of(rest.get(i)));
          runner.toDoubleArray(probe.predict(activations(runner, List.of(rest.get(i) + " warm"))));
        }
        double[] guard = new double[singles];
        double[] graph = new double[singles];
        for (int i = 0; i < singles; i++) {
          String prompt = rest.get(i);
          long start = System.nanoTime();
          guardrail.score(List.of(prompt));
          guard[i] = (System.nanoTime() - start) / 1e6;
          start = System.nanoTime();
          runner.toDoubleArray(probe.predict(activations(runner, List.of(prompt))));
          graph[i] = (System.nanoTime() - start) / 1e6;
        }
        System.out.printf("one prompt, %d prompts, %d cores:%n", singles, Runtime.getRuntime().availableProcessors());
        System.out.printf("  Guardrail.score        p50 %7.2f ms  p99 %7.2f ms%n", percentile(guard, 50), percentile(guard, 99));
        System.out.printf("  graph (x + predict)    p50 %7.2f ms  p99 %7.2f ms%n", percentile(graph, 50), percentile(graph, 99));
        System.out.printf("  p50 ratio graph / guardrail: %.2fx%n", percentile(graph, 50) / percentile(guard, 50));

        double guardSeconds = 0;
        double graphSeconds = 0;
        double activationSeconds = 0;
        List<String> batchPrompts = rest.subList(singles, singles + batches * BATCH);
        for (int b = 0; b < batches; b++) {
          List<String> batch = batchPrompts.subList(b * BATCH, (b + 1) * BATCH);
          long start = System.nanoTime();
          guardrail.score(batch);
          guardSeconds += (System.nanoTime() - start) / 1e9;
          List<String> other = new ArrayList<>();  // other texts, so that the runner computes afresh
          batch.forEach(t -> other.add(t + " ."));
          start = System.nanoTime();
          try (VectorSchemaRoot table = runner.toArrow(activations(runner, other))) {
            activationSeconds += (System.nanoTime() - start) / 1e9;
          }
          List<String> third = new ArrayList<>();
          batch.forEach(t -> third.add(t + " !"));
          start = System.nanoTime();
          runner.toDoubleArray(probe.predict(activations(runner, third)));
          graphSeconds += (System.nanoTime() - start) / 1e9;
        }
        int n = batches * BATCH;
        System.out.printf("batch %d, %d prompts:%n", BATCH, n);
        System.out.printf("  Guardrail.score        %8.1f prompts/s%n", n / guardSeconds);
        System.out.printf("  activations op alone   %8.1f prompts/s%n", n / activationSeconds);
        System.out.printf("  graph (x + predict)    %8.1f prompts/s%n", n / graphSeconds);
        System.out.printf("  guardrail / activations alone: %.3f%n", activationSeconds / guardSeconds);
      }
    }
  }

  private static LLMLayerActivationsOp activations(Runner runner, List<String> texts) {
    Map<String, List<?>> data = new LinkedHashMap<>();
    data.put("text", new ArrayList<>(texts));
    return activations(runner.fromInlineDataset(data).colText("text"));
  }

  private static LLMLayerActivationsOp activations(TextColumn text) {
    return text.llmLayerActivations(OnnxTesting.FP32, -1, o -> o.tokenMode(TokenMode.MEAN).maxLength(128));
  }

  private static double percentile(double[] values, int p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
