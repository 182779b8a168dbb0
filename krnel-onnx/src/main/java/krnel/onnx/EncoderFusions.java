package krnel.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The graph a BERT encoder runs as on the CPU: ONNX Runtime's extended optimizations first (they
 * fuse the exported layer norms and GELU), then {@link AttentionFusion} and {@link
 * SkipLayerNormFusion}, which ORT's optimizer only applies to static-length exports. ORT's pass
 * runs once per session and is read back from a temporary file, the only way ORT hands out an
 * optimized graph. The fused graph computes the same values up to float rounding (tests hold it
 * within 1e-5 of the unmodified model); {@code -Dkrnel.onnx.fusions=false} turns it off.
 */
final class EncoderFusions {
  private EncoderFusions() {}

  /** The system property that turns the fusions off when {@code false}. */
  static final String PROPERTY = "krnel.onnx.fusions";

  /**
   * A fused graph and what was fused in it.
   *
   * @param model the graph to run: fused, or the input unchanged when nothing matched
   */
  record Fused(OnnxMl.ModelProto model, int attentions, int skipLayerNorms) {
    boolean changed() {
      return attentions + skipLayerNorms > 0;
    }
  }

  static boolean enabled() {
    return !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").trim());
  }

  /**
   * {@code model} after ORT's extended optimizations and the fusions; {@code model} itself when
   * nothing fused, when it quantizes activations at run time (its quantizers would turn the
   * fusions' last-bit differences into whole quantization steps), when its weights are in
   * external data files (ORT's optimized copy would hold them all in one protobuf), or when it has
   * control flow (the index sees no reads from inside subgraphs).
   */
  static Fused apply(OnnxMl.ModelProto model) throws OrtException, IOException {
    if (OnnxGraphs.quantizesDynamically(model.getGraph()) || ExternalData.uses(model.getGraph())
        || OnnxGraphs.hasSubgraphs(model.getGraph())) {
      return new Fused(model, 0, 0);
    }
    Fused fused = fuse(optimizedByOrt(model));
    return fused.changed() ? fused : new Fused(model, 0, 0);
  }

  /** The fusions alone, on a graph ORT has already optimized. */
  static Fused fuse(OnnxMl.ModelProto optimized) {
    GraphIndex index = new GraphIndex(optimized.getGraph());
    GraphEdit edit = new GraphEdit(index);
    int attentions = AttentionFusion.fuse(index, edit);
    int norms = SkipLayerNormFusion.fuse(index, edit);
    if (edit.isEmpty()) {
      return new Fused(optimized, 0, 0);
    }
    // not pruned: a graph left whole on purpose stays whole (the mask nodes left unused cost nothing)
    OnnxMl.ModelProto.Builder model = optimized.toBuilder().setGraph(edit.apply());
    if (model.getOpsetImportList().stream().noneMatch(o -> o.getDomain().equals("com.microsoft"))) {
      model.addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("com.microsoft").setVersion(1));
    }
    return new Fused(model.build(), attentions, norms);
  }

  /** {@code model} as ORT's extended level rewrites it for the CPU provider (the graph runs nowhere else). */
  static OnnxMl.ModelProto optimizedByOrt(OnnxMl.ModelProto model) throws OrtException, IOException {
    Path file = Files.createTempFile("krnel-optimized-", ".onnx");
    try {
      try (OrtSession.SessionOptions options = ExecutionProviders.sessionOptions()) {
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT);
        options.setOptimizedModelFilePath(file.toString());
        OrtSetup.environment().createSession(model.toByteArray(), options).close();
      }
      try (InputStream in = Files.newInputStream(file)) {
        return OnnxMl.ModelProto.parseFrom(in);
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
