package krnel.onnx;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import krnel.ops.LLMLayerActivationsOp.TokenMode;

/**
 * One ONNX graph from token ids to a probe's score: the model cut after the tapped hidden state (as the
 * activations op runs it), the op's pooling over the attention mask, the float16 rounding of a {@code
 * dtype="float16"} op, and the probe ({@link ProbeGraph}).
 *
 * <p>Inputs are {@code input_ids} and {@code attention_mask} ({@code int64 [batch, sequence]}, right-padded);
 * what else the family reads is computed inside: {@code token_type_ids} are zeros (one segment, as krnel
 * tokenizes) and {@code position_ids} follow the mask as {@link LayerActivations} feeds them. The output
 * {@value #SCORE} is float64 {@code [batch]}.
 */
final class GuardrailGraph {
  static final String INPUT_IDS = "input_ids";
  static final String ATTENTION_MASK = "attention_mask";
  static final String SCORE = "score";
  private static final String PREFIX = "krnel/guardrail/";
  private static final Set<String> INPUTS = Set.of(INPUT_IDS, ATTENTION_MASK, "token_type_ids", "position_ids");

  private GuardrailGraph() {}

  /** How the model part computes. */
  enum Precision {
    /** The graph the activations op runs on the CPU (fused for BERT where the fusions are on). */
    FLOAT32,
    /** The model's weights and compute in float16 ({@link Float16Graphs}); pooling and probe stay as they are. */
    FLOAT16
  }

  /**
   * The guardrail graph.
   *
   * @param hiddenIndex the index into {@code hidden_states} of the tapped layer
   * @param roundToFloat16 whether pooled vectors are rounded to float16, as a {@code dtype="float16"} op stores them
   * @param probe the probe's JSON
   */
  static OnnxMl.ModelProto build(OnnxModel model, int hiddenIndex, TokenMode mode, boolean roundToFloat16,
      JsonNode probe, Precision precision) {
    return build(model, hiddenIndex, mode, roundToFloat16, probe, precision, false);
  }

  /**
   * As {@link #build(OnnxModel, int, TokenMode, boolean, JsonNode, Precision)}; with {@code logits}, a decoder's
   * LM head stays in the graph and its {@value ModelFamily#LOGITS} ({@code [batch, sequence, vocabulary]}) is a
   * second output, so one forward pass serves generation and the guard.
   */
  static OnnxMl.ModelProto build(OnnxModel model, int hiddenIndex, TokenMode mode, boolean roundToFloat16,
      JsonNode probe, Precision precision, boolean logits) {
    if (logits && !model.hasLmHead()) {
      throw new IllegalArgumentException("logits: " + model.name + " has no LM head (a " + model.family
          + " graph without a logits output); export without logits");
    }
    if (mode == TokenMode.ALL) {
      throw new IllegalArgumentException("token_mode: \"all\" gives one vector per token, which a probe does not"
          + " score; export a probe trained on token_mode last or mean");
    }
    if (ExternalData.uses(model.proto.getGraph())) {
      throw new IllegalArgumentException("model_name: " + model.name + " keeps its weights in external data files,"
          + " which the guardrail export does not copy yet; use a model whose weights are inside model.onnx");
    }
    List<String> taps = logits ? List.of(model.hiddenState(hiddenIndex), ModelFamily.LOGITS)
        : List.of(model.hiddenState(hiddenIndex));
    OnnxMl.ModelProto cut = OnnxGraphs.tap(model.proto, taps, true);
    cut = precision == Precision.FLOAT16 ? Float16Graphs.convert(cut) : fused(model, cut);
    int opset = opset(cut);
    if (opset < 11) {
      throw new IllegalArgumentException("model_name: " + model.name + " uses ONNX opset " + opset
          + "; the guardrail export needs opset 11 or later (CumSum); re-export the model");
    }
    OnnxMl.GraphProto graph = cut.getGraph();
    String hidden = graph.getOutput(0).getName();
    ProbeGraph g = new ProbeGraph(PREFIX, opset);
    OnnxMl.GraphProto.Builder edited = graph.toBuilder().clearInput().clearOutput().clearNode();
    edited.addInput(intInput(INPUT_IDS)).addInput(intInput(ATTENTION_MASK));
    for (OnnxMl.ValueInfoProto input : graph.getInputList()) {
      if (!INPUTS.contains(input.getName())) {
        throw new IllegalArgumentException("model_name: " + model.name + " has an input " + input.getName()
            + "; a guardrail feeds only input_ids, attention_mask, token_type_ids and position_ids (export the model"
            + " without past key values)");
      }
      if (input.getName().equals("token_type_ids")) {
        edited.addNode(node("Mul", List.of(INPUT_IDS, g.longScalar(0)), "token_type_ids"));
      } else if (input.getName().equals("position_ids")) {
        // cumsum(mask) - 1 on real tokens, 1 on pads: what LayerActivations feeds
        String axis = g.longScalar(1);
        String positions = g.op("Sub", g.op("CumSum", ATTENTION_MASK, axis), g.longScalar(1));
        String pad = g.op("Equal", ATTENTION_MASK, g.longScalar(0));
        edited.addAllNode(g.nodes());
        g.nodes().clear();
        edited.addNode(node("Where", List.of(pad, g.longScalar(1), positions), "position_ids"));
      }
    }
    edited.addAllNode(graph.getNodeList());
    String states = precision == Precision.FLOAT16 ? g.cast(hidden, ProbeGraph.FLOAT) : hidden;
    String pooled = pool(g, states, mode);
    if (roundToFloat16) {
      pooled = g.cast(g.cast(pooled, ProbeGraph.FLOAT16), ProbeGraph.FLOAT);
    }
    String score = g.score(probe, pooled);
    edited.addAllNode(g.nodes()).addNode(node("Identity", List.of(score), SCORE)).addAllInitializer(g.initializers());
    edited.addOutput(OnnxMl.ValueInfoProto.newBuilder().setName(SCORE).setType(tensorType(ProbeGraph.DOUBLE, "batch")));
    if (logits) {
      edited.addOutput(graph.getOutput(1));
    }
    OnnxMl.ModelProto.Builder built = cut.toBuilder().setGraph(edited).setProducerName("krnel guardrail export");
    if (g.usesMl() && built.getOpsetImportList().stream().noneMatch(id -> id.getDomain().equals(ProbeGraph.ML))) {
      built.addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain(ProbeGraph.ML).setVersion(1));
    }
    return built.build();
  }

  /** The pooled vector, float32 {@code [batch, hidden]}, as {@link TokenPooling} computes it. */
  private static String pool(ProbeGraph g, String states, TokenMode mode) {
    if (mode == TokenMode.LAST) {
      // a one-hot weight on the last real token: cumsum(mask) reaches the length there (and stays on the pads,
      // which the mask then zeroes); x * 1 plus zeros is x exactly, in any opset (GatherND's batch_dims needs 12)
      String length = g.reduceSum(ATTENTION_MASK, 1, true);
      String reached = g.cast(g.op("Equal", g.op("CumSum", ATTENTION_MASK, g.longScalar(1)), length), ProbeGraph.INT64);
      String oneHot = g.cast(g.op("Mul", reached, ATTENTION_MASK), ProbeGraph.FLOAT);
      return g.reduceSum(g.op("Mul", states, g.op("Reshape", oneHot, g.longs(0, 0, 1))), 1, false);
    }
    // mean over real tokens, accumulated in float64 and rounded once
    String mask = g.cast(ATTENTION_MASK, ProbeGraph.DOUBLE);
    String masked = g.op("Mul", g.cast(states, ProbeGraph.DOUBLE), g.op("Reshape", mask, g.longs(0, 0, 1)));
    String mean = g.op("Div", g.reduceSum(masked, 1, false), g.reduceSum(mask, 1, true));
    return g.cast(mean, ProbeGraph.FLOAT);
  }

  /** {@code cut} with the CPU fusions the activations op applies to it, so that both compute the same. */
  private static OnnxMl.ModelProto fused(OnnxModel model, OnnxMl.ModelProto cut) {
    if (model.family != ModelFamily.BERT || !EncoderFusions.enabled()) {
      return cut;
    }
    try {
      EncoderFusions.Fused fused = EncoderFusions.apply(cut);
      return fused.changed() ? fused.model() : cut;
    } catch (ai.onnxruntime.OrtException | IOException e) {
      // as OnnxModel: the activations op runs the graph unfused when the fusions fail, so the export does too
      System.getLogger(GuardrailGraph.class.getName()).log(System.Logger.Level.WARNING, model.name
          + ": the CPU fusions failed (" + e.getMessage() + "); exporting ONNX Runtime's graph alone");
      return cut;
    }
  }

  static int opset(OnnxMl.ModelProto model) {
    for (OnnxMl.OperatorSetIdProto id : model.getOpsetImportList()) {
      if (id.getDomain().isEmpty() || id.getDomain().equals("ai.onnx")) {
        return (int) id.getVersion();
      }
    }
    throw new IllegalArgumentException("the model imports no default-domain opset");
  }

  private static OnnxMl.NodeProto node(String type, List<String> inputs, String output) {
    return OnnxMl.NodeProto.newBuilder().setName(PREFIX + output).setOpType(type).addAllInput(inputs)
        .addOutput(output).build();
  }

  private static OnnxMl.ValueInfoProto intInput(String name) {
    return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(tensorType(ProbeGraph.INT64, "batch", "sequence"))
        .build();
  }

  private static OnnxMl.TypeProto.Builder tensorType(int elemType, String... dims) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    for (String dim : dims) {
      shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(dim));
    }
    return OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(elemType)
        .setShape(shape));
  }
}
