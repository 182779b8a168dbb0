package krnel.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import krnel.ops.LLMLayerActivationsOp.TokenMode;
import org.junit.jupiter.api.Test;

/** The CPU fusions find every attention block and residual norm of MiniLM, leave other graphs alone, and change no value. */
class EncoderFusionsTest {
  private static final ActivationTables.Dtype FLOAT32 = ActivationTables.Dtype.FLOAT32;

  private static final List<String> TEXTS = List.of("Hello world!", "",
      "A longer prompt, so that the batch is padded: the model reads it and writes one vector per token.",
      "Padding must not leak into real tokens.");

  @Test
  void fusesEveryAttentionBlockAndResidualNormOfMiniLm() throws Exception {
    OnnxModel model = OnnxModel.get(OnnxTesting.FP32);
    EncoderFusions.Fused last = EncoderFusions.apply(OnnxGraphs.tap(model.proto, model.hiddenState(6), true));
    assertEquals(6, last.attentions());
    assertEquals(12, last.skipLayerNorms(), "two residual norms per layer; the embedding norm is left alone");
    assertEquals(6, count(last.model(), "MultiHeadAttention"));
    assertEquals(0, count(last.model(), "Transpose"), "the head transposes are gone");
    assertEquals(0, count(last.model(), "Softmax"));
    assertEquals(1, count(last.model(), "LayerNormalization"));
    Set<String> read = last.model().getGraph().getNodeList().stream().flatMap(n -> n.getInputList().stream())
        .collect(Collectors.toSet());
    for (OnnxMl.TensorProto init : last.model().getGraph().getInitializerList()) {
      assertTrue(read.contains(init.getName()), () -> init.getName() + " is left unused (ORT would warn about it)");
    }

    EncoderFusions.Fused early = EncoderFusions.apply(OnnxGraphs.tap(model.proto, model.hiddenState(2), true));
    assertEquals(2, early.attentions());
    assertEquals(4, early.skipLayerNorms());
  }

  @Test
  void fusedGraphComputesTheSameTokenVectorsInPaddedBatches() throws Exception {
    OnnxModel model = OnnxModel.get(OnnxTesting.FP32);
    List<LayerActivations.Tokens> tokens = OnnxTesting.tokenize(model, 128, TEXTS);
    for (int layer : List.of(1, 6)) {
      float[][] fused = LayerActivations.compute(model.session(layer, true, Device.CPU, FLOAT32, true), tokens,
          TokenMode.ALL, 4, n -> {}).rows();
      float[][] plain = LayerActivations.compute(model.session(layer, true, Device.CPU, FLOAT32, false), tokens,
          TokenMode.ALL, 4, n -> {}).rows();
      OnnxTesting.assertClose(plain, fused, 1e-5);
    }
  }

  @Test
  void aTappedIntermediateTensorKeepsItsBlockUnfused() throws Exception {
    OnnxModel model = OnnxModel.get(OnnxTesting.FP32);
    OnnxMl.ModelProto optimized = EncoderFusions.optimizedByOrt(OnnxGraphs.tap(model.proto, model.hiddenState(6), true));
    String probabilities = optimized.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Softmax"))
        .findFirst().orElseThrow().getOutput(0);
    OnnxMl.ModelProto tapped = optimized.toBuilder().setGraph(optimized.getGraph().toBuilder()
        .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName(probabilities))).build();
    EncoderFusions.Fused fused = EncoderFusions.fuse(tapped);
    assertEquals(5, fused.attentions());
    assertEquals(1, count(fused.model(), "Softmax"));
    try (OrtSession session = OrtEnvironment.getEnvironment().createSession(fused.model().toByteArray(),
        ExecutionProviders.sessionOptions())) {
      assertEquals(2, session.getOutputNames().size(), "both outputs still computed");
    }
  }

  @Test
  void decodersAndDynamicallyQuantizedModelsAreLeftAlone() throws Exception {
    OnnxModel gpt2 = OnnxModel.get(OnnxDecoderTest.GPT2.model());
    OnnxMl.ModelProto tapped = OnnxGraphs.tap(gpt2.proto, gpt2.hiddenState(gpt2.layers()), true);
    EncoderFusions.Fused fused = EncoderFusions.apply(tapped);
    assertEquals(0, fused.attentions() + fused.skipLayerNorms());
    assertSame(tapped, fused.model(), "nothing matched: the graph runs as it was");

    OnnxModel int8 = OnnxModel.get(OnnxTesting.INT8);
    OnnxMl.ModelProto quantized = OnnxGraphs.tap(int8.proto, int8.hiddenState(6), true);
    assertSame(quantized, EncoderFusions.apply(quantized).model(), "run-time quantizers would magnify rounding");
  }

  @Test
  void thePropertyTurnsTheFusionsOff() throws Exception {
    OnnxModel model = OnnxModel.get(OnnxTesting.FP32);
    String before = System.getProperty(EncoderFusions.PROPERTY);
    try {
      System.setProperty(EncoderFusions.PROPERTY, "false");
      assertSame(model.session(3, true, Device.CPU, FLOAT32, false), model.session(3, true, Device.CPU));
      System.clearProperty(EncoderFusions.PROPERTY);
      assertSame(model.session(3, true, Device.CPU, FLOAT32, true), model.session(3, true, Device.CPU));
    } finally {
      if (before == null) {
        System.clearProperty(EncoderFusions.PROPERTY);
      } else {
        System.setProperty(EncoderFusions.PROPERTY, before);
      }
    }
  }

  private static long count(OnnxMl.ModelProto model, String opType) {
    return model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(opType)).count();
  }
}
