package krnel.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.util.List;
import krnel.ops.LLMLayerActivationsOp.TokenMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The float16 rewrite that {@code dtype="float16"} runs on CUDA, checked on the CPU (whose ONNX
 * Runtime casts around the few float16 kernels it lacks): every family's graph converts, runs, and
 * stays within float16's precision of the float32 model, padded batches included.
 */
class Float16GraphsTest {
  private static final List<String> TEXTS = List.of("Hello world!",
      "A longer prompt, so that the batch is padded and the mask matters.", "Probes read the residual stream.",
      "Four prompts in two batches.");

  @ParameterizedTest
  @ValueSource(strings = {OnnxTesting.FP32, "gpt2-tiny", "llama-tiny"})
  void everyFamilyRunsInFloat16WithinItsPrecision(String name) throws Exception {
    String modelName = name.contains(":") ? name
        : (name.startsWith("gpt2") ? OnnxDecoderTest.GPT2 : OnnxDecoderTest.LLAMA).model();
    OnnxModel model = OnnxModel.get(modelName);
    List<LayerActivations.Tokens> tokens = OnnxTesting.tokenize(model, 64, TEXTS);
    OnnxMl.ModelProto tapped = OnnxGraphs.tap(model.proto, model.hiddenState(model.layers()), true);
    OnnxMl.ModelProto half = Float16Graphs.convert(tapped);
    assertTrue(half.getGraph().getInitializerList().stream()
        .noneMatch(init -> init.getDataType() == OnnxMl.TensorProto.DataType.FLOAT.getNumber()));
    assertEquals(OnnxMl.TensorProto.DataType.FLOAT16.getNumber(),
        half.getGraph().getOutput(0).getType().getTensorType().getElemType());
    float[][] expected;
    float[][] actual;
    try (OrtSession fp32 = OrtEnvironment.getEnvironment().createSession(tapped.toByteArray(),
        ExecutionProviders.sessionOptions());
        OrtSession fp16 = OrtEnvironment.getEnvironment().createSession(half.toByteArray(),
            ExecutionProviders.sessionOptions())) {
      expected = LayerActivations.compute(fp32, tokens, TokenMode.MEAN, 2, n -> {}).rows();
      actual = LayerActivations.compute(fp16, tokens, TokenMode.MEAN, 2, n -> {}).rows();
    }
    for (int i = 0; i < expected.length; i++) {
      double cosine = GpuCheck.cosine(expected[i], actual[i]);
      double relative = GpuCheck.relativeMaxDifference(expected[i], actual[i]);
      assertTrue(cosine > 0.9999 && relative < 1e-2, name + " row " + i + ": cosine " + cosine + ", relative " + relative);
      assertFalse(java.util.Arrays.equals(expected[i], actual[i]), "float16 computes differently");
    }
  }

  @Test
  void theCpuComputesFloat32WhateverTheDtype() throws Exception {
    OnnxModel model = OnnxModel.get(OnnxTesting.FP32);
    List<LayerActivations.Tokens> tokens = OnnxTesting.tokenize(model, 64, TEXTS);
    float[][] fp32 = LayerActivations.compute(model.session(2, true, Device.CPU, ActivationTables.Dtype.FLOAT32),
        tokens, TokenMode.MEAN, 2, n -> {}).rows();
    float[][] fp16 = LayerActivations.compute(model.session(2, true, Device.CPU, ActivationTables.Dtype.FLOAT16),
        tokens, TokenMode.MEAN, 2, n -> {}).rows();
    VectorResults.assertClose(fp32, fp16, 0);
  }
}
