package krnel.onnx;

import krnel.runner.KrnelModule;

/** Language-model ops on ONNX Runtime (CPU): {@code LLMLayerActivationsOp} for built-in and local ONNX models. */
public final class OnnxModule extends KrnelModule {
  @Override
  protected void configure() {
    implement(new OnnxLayerActivationsImplementation());
  }
}
