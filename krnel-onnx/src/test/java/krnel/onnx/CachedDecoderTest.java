package krnel.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import krnel.ops.ImmutableLLMLayerActivationsOp;
import krnel.ops.ImmutableLLMLogitScoresOp;
import krnel.ops.LLMLayerActivationsOp.TokenMode;
import krnel.runner.Runner;
import krnel.types.TextColumn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decoders exported with a key/value cache ({@code text-generation-with-past}: inputs
 * {@code past_key_values.{i}.key|value}, concatenated in front of each layer's keys and values)
 * run from an empty cache and give the vectors and logits of the same model without one. The cached
 * model is the Llama fixture with those inputs added, as Optimum's export lays them out.
 */
class CachedDecoderTest {
  private static final OnnxDecoderTest.Fixture LLAMA = OnnxDecoderTest.LLAMA;

  @TempDir Path dir;

  /** The Llama fixture with a cache input per layer's keys and values, {@code [batch, kv heads, past, head size]}. */
  private Path withCache() throws IOException {
    OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(LLAMA.dir().resolve("model.onnx")));
    int layers = LLAMA.reference().get("n_layer").asInt();
    int kvHeads = LLAMA.reference().get("n_kv_head").asInt();
    int headSize = LLAMA.reference().get("n_embd").asInt() / LLAMA.reference().get("n_head").asInt();
    Map<String, String> cached = new LinkedHashMap<>(); // a layer's key or value -> past ++ it
    for (int i = 0; i < layers; i++) {
      cached.put("/model/layers." + i + "/self_attn/Add_1_output_0", "past_key_values." + i + ".key");
      cached.put("/model/layers." + i + "/self_attn/Transpose_2_output_0", "past_key_values." + i + ".value");
    }
    OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder().clearNode();
    for (OnnxMl.NodeProto node : model.getGraph().getNodeList()) {
      OnnxMl.NodeProto.Builder rewired = node.toBuilder().clearInput();
      node.getInputList().forEach(in -> rewired.addInput(cached.containsKey(in) ? in + "/with_past" : in));
      graph.addNode(rewired);
      for (String out : node.getOutputList()) {
        if (cached.containsKey(out)) {
          graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Concat").setName(out + "/Concat")
              .addInput(cached.get(out)).addInput(out).addOutput(out + "/with_past")
              .addAttribute(GraphEdit.intAttribute("axis", 2)));
          graph.addInput(cacheInput(cached.get(out), kvHeads, headSize));
        }
      }
    }
    Path folder = Files.createDirectories(dir.resolve("llama-with-past"));
    Files.write(folder.resolve("model.onnx"), model.toBuilder().setGraph(graph).build().toByteArray());
    Files.copy(LLAMA.dir().resolve("tokenizer.json"), folder.resolve("tokenizer.json"));
    return folder;
  }

  private static OnnxMl.ValueInfoProto cacheInput(String name, int heads, int size) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder()
        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch_size"))
        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(heads))
        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("past_sequence_length"))
        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(size));
    return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
            .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape))).build();
  }

  @Test
  void aCachedExportRunsFromAnEmptyCacheWithTheSameResults() throws Exception {
    String cached = "onnx:" + withCache();
    OnnxModel model = OnnxModel.get(cached);
    OrtSession session = model.session(1, true, Device.CPU);
    assertEquals(List.of("past_key_values.0.key", "past_key_values.0.value"),
        session.getInputNames().stream().filter(n -> n.startsWith(LayerActivations.PAST)).sorted().toList(),
        "pruned after layer 0: only its cache is left");
    try (Runner runner = Runner.memory()) {
      TextColumn text = runner.fromInlineDataset(Map.of("text", LLAMA.prompts())).colText("text");
      for (int layer : List.of(1, -1)) {
        for (TokenMode mode : List.of(TokenMode.LAST, TokenMode.MEAN)) {
          float[][] plain = VectorResults.rows(runner, activations(LLAMA.model(), text, layer, mode));
          float[][] withCache = VectorResults.rows(runner, activations(cached, text, layer, mode));
          VectorResults.assertClose(plain, withCache, 0);
        }
      }
      float[][] plainLogits = VectorResults.rows(runner, logits(LLAMA.model(), text));
      float[][] cachedLogits = VectorResults.rows(runner, logits(cached, text));
      VectorResults.assertClose(plainLogits, cachedLogits, 0);
      assertEquals(2, plainLogits[0].length);
    }
  }

  private static ImmutableLLMLayerActivationsOp activations(String model, TextColumn text, int layer, TokenMode mode) {
    return ImmutableLLMLayerActivationsOp.builder().modelName(model).text(text).layerNum(layer).tokenMode(mode)
        .batchSize(2).maxLength(64).build();
  }

  private static ImmutableLLMLogitScoresOp logits(String model, TextColumn text) {
    return ImmutableLLMLogitScoresOp.builder().modelName(model).text(text).logitTokenIds(List.of(5, 7)).batchSize(2)
        .maxLength(64).build();
  }

  @Test
  void aCachedExportConvertsToFloat16WithItsCache() throws Exception {
    OnnxModel model = OnnxModel.get("onnx:" + withCache());
    OnnxMl.ModelProto tapped = OnnxGraphs.tap(model.proto, model.hiddenState(model.layers()), true);
    List<LayerActivations.Tokens> tokens = OnnxTesting.tokenize(model, 64, LLAMA.prompts());
    try (OrtSession fp32 = OrtEnvironment.getEnvironment().createSession(tapped.toByteArray(),
        ExecutionProviders.sessionOptions());
        OrtSession fp16 = OrtEnvironment.getEnvironment().createSession(Float16Graphs.convert(tapped).toByteArray(),
            ExecutionProviders.sessionOptions())) {
      assertEquals(OnnxJavaType.FLOAT16,
          ((TensorInfo) fp16.getInputInfo().get("past_key_values.0.key").getInfo()).type, "the cache is float16 too");
      float[][] expected = LayerActivations.compute(fp32, tokens, TokenMode.MEAN, 2, n -> {}).rows();
      float[][] actual = LayerActivations.compute(fp16, tokens, TokenMode.MEAN, 2, n -> {}).rows();
      for (int i = 0; i < expected.length; i++) {
        assertTrue(GpuCheck.relativeMaxDifference(expected[i], actual[i]) < 2e-2, "row " + i);
      }
    }
  }
}
