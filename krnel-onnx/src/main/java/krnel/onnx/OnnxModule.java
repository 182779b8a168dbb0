package krnel.onnx;

import krnel.runner.KrnelModule;

/**
 * Language-model ops on ONNX Runtime (CPU) for built-in and local ONNX models:
 * {@code LLMLayerActivationsOp} and {@code LLMLogitScoresOp}.
 */
public final class OnnxModule extends KrnelModule {
  @Override
  protected void configure() {
    implement(new OnnxLayerActivationsImplementation());
    implement(new OnnxLogitScoresImplementation());
  }
}
