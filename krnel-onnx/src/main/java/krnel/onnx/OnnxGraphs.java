package krnel.onnx;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ONNX graph surgery for hidden states: finding the tensor of each Hugging Face {@code hidden_states}
 * index in a BERT-style export (decoders: {@link ModelFamily}), and cutting the graph down to what
 * that tensor needs.
 */
final class OnnxGraphs {
  private OnnxGraphs() {}

  private static final String EMBEDDINGS = "/embeddings/LayerNorm/Add_1";
  private static final Pattern LAYER_OUTPUT = Pattern.compile("/encoder/layer\\.(\\d+)/output/LayerNorm/Add_1");

  /**
   * The tensor names of {@code hidden_states[0..L]} in a torch-exported BERT encoder: the embedding
   * LayerNorm's output, then each encoder layer's output LayerNorm (the last one is usually the
   * graph output {@code last_hidden_state}); null when the graph has no such nodes.
   *
   * @throws IllegalArgumentException when only some of them are there
   */
  static String[] bertHiddenStates(OnnxMl.GraphProto graph) {
    String embeddings = null;
    TreeMap<Integer, String> layers = new TreeMap<>();
    for (OnnxMl.NodeProto node : graph.getNodeList()) {
      if (node.getOutputCount() == 0) {
        continue;
      }
      String key = nodeKey(node);
      if (key == null) {
        continue;
      }
      if (key.equals(EMBEDDINGS)) {
        embeddings = node.getOutput(0);
      } else {
        Matcher m = LAYER_OUTPUT.matcher(key);
        if (m.matches()) {
          layers.put(Integer.parseInt(m.group(1)), node.getOutput(0));
        }
      }
    }
    if (embeddings == null && layers.isEmpty()) {
      return null;
    }
    if (embeddings == null || layers.isEmpty() || layers.lastKey() != layers.size() - 1) {
      throw new IllegalArgumentException("expected a BERT-style export with nodes " + EMBEDDINGS
          + " and /encoder/layer.{i}/output/LayerNorm/Add_1; found embeddings=" + (embeddings != null)
          + ", layers " + layers.keySet());
    }
    String[] names = new String[layers.size() + 1];
    names[0] = embeddings;
    for (Map.Entry<Integer, String> e : layers.entrySet()) {
      names[e.getKey() + 1] = e.getValue();
    }
    return names;
  }

  /** The node's name, or (for exports whose nodes are renamed) the name its first output was derived from. */
  private static String nodeKey(OnnxMl.NodeProto node) {
    if (node.getName().equals(EMBEDDINGS) || LAYER_OUTPUT.matcher(node.getName()).matches()) {
      return node.getName();
    }
    String out = node.getOutput(0);
    if (out.endsWith("_output_0")) {
      String stem = out.substring(0, out.length() - "_output_0".length());
      if (stem.equals(EMBEDDINGS) || LAYER_OUTPUT.matcher(stem).matches()) {
        return stem;
      }
    }
    return null;
  }

  /**
   * {@code model} with {@code tap} as its only output (float, shape left to ORT's inference) and,
   * when {@code prune}, only what {@code tap} depends on ({@link #pruned}). Replacing outputs alone
   * does not make ORT skip later layers; pruning does.
   */
  static OnnxMl.ModelProto tap(OnnxMl.ModelProto model, String tap, boolean prune) {
    return tap(model, java.util.List.of(tap), prune);
  }

  /** As {@link #tap(OnnxMl.ModelProto, String, boolean)}, with the float tensors {@code taps} as outputs, in order. */
  static OnnxMl.ModelProto tap(OnnxMl.ModelProto model, java.util.List<String> taps, boolean prune) {
    OnnxMl.GraphProto.Builder edited = model.getGraph().toBuilder().clearOutput();
    for (String tap : taps) {
      edited.addOutput(OnnxMl.ValueInfoProto.newBuilder().setName(tap)
          .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
              .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()))));
    }
    return model.toBuilder().setGraph(prune ? pruned(edited.build()) : edited.build()).build();
  }

  /**
   * {@code graph} with only the nodes, initializers, inputs and value infos its outputs depend on;
   * unchanged when it has control flow, whose subgraphs read outer tensors unseen.
   */
  private static OnnxMl.GraphProto pruned(OnnxMl.GraphProto graph) {
    if (hasSubgraphs(graph)) {
      return graph;
    }
    Map<String, Integer> producer = new HashMap<>();
    for (int i = 0; i < graph.getNodeCount(); i++) {
      for (String out : graph.getNode(i).getOutputList()) {
        producer.put(out, i);
      }
    }
    Set<String> needed = new HashSet<>();
    boolean[] keep = new boolean[graph.getNodeCount()];
    Deque<String> todo = new ArrayDeque<>();
    for (OnnxMl.ValueInfoProto output : graph.getOutputList()) {
      todo.push(output.getName());
      needed.add(output.getName());
    }
    while (!todo.isEmpty()) {
      Integer index = producer.get(todo.pop());
      if (index == null || keep[index]) {
        continue;
      }
      keep[index] = true;
      OnnxMl.NodeProto node = graph.getNode(index);
      needed.addAll(node.getOutputList());
      for (String in : node.getInputList()) {
        if (!in.isEmpty() && needed.add(in)) {
          todo.push(in);
        }
      }
    }
    OnnxMl.GraphProto.Builder edited = graph.toBuilder().clearNode().clearInitializer().clearInput().clearValueInfo();
    for (int i = 0; i < keep.length; i++) {
      if (keep[i]) {
        edited.addNode(graph.getNode(i));
      }
    }
    for (OnnxMl.TensorProto init : graph.getInitializerList()) {
      if (needed.contains(init.getName())) {
        edited.addInitializer(init);
      }
    }
    for (OnnxMl.ValueInfoProto in : graph.getInputList()) {
      if (needed.contains(in.getName())) {
        edited.addInput(in);
      }
    }
    for (OnnxMl.ValueInfoProto info : graph.getValueInfoList()) {
      if (needed.contains(info.getName())) {
        edited.addValueInfo(info);
      }
    }
    return edited.build();
  }

  /**
   * {@code model} cut to one output, {@code logits[..., ids]}: the LM head's logits for the given
   * token ids only, gathered inside the graph so that only {@code [batch, seq, ids.length]} leaves it.
   */
  static OnnxMl.ModelProto selectLogits(OnnxMl.ModelProto model, String logits, long[] ids) {
    String idsName = "krnel/logit_token_ids";
    String selected = "krnel/logit_scores";
    OnnxMl.TensorProto.Builder idsTensor = OnnxMl.TensorProto.newBuilder().setName(idsName)
        .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber()).addDims(ids.length);
    for (long id : ids) {
      idsTensor.addInt64Data(id);
    }
    OnnxMl.NodeProto gather = OnnxMl.NodeProto.newBuilder().setName("/krnel/SelectLogits").setOpType("Gather")
        .addInput(logits).addInput(idsName).addOutput(selected)
        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis").setI(2)
            .setType(OnnxMl.AttributeProto.AttributeType.INT))
        .build();
    OnnxMl.GraphProto graph = model.getGraph().toBuilder().addInitializer(idsTensor).addNode(gather).build();
    return tap(model.toBuilder().setGraph(graph).build(), selected, true);
  }

  /**
   * Whether the graph quantizes activations at run time ({@code DynamicQuantizeLinear}): its scale
   * is computed over the whole tensor, so a prompt's result depends on the batch it runs in.
   */
  static boolean quantizesDynamically(OnnxMl.GraphProto graph) {
    for (OnnxMl.NodeProto node : graph.getNodeList()) {
      if (node.getOpType().equals("DynamicQuantizeLinear")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the graph has control flow (If, Loop, Scan), whose subgraphs refer to outer tensors from
   * inside attributes: such graphs are neither pruned nor converted to float16.
   */
  static boolean hasSubgraphs(OnnxMl.GraphProto graph) {
    for (OnnxMl.NodeProto node : graph.getNodeList()) {
      for (OnnxMl.AttributeProto attribute : node.getAttributeList()) {
        if (attribute.hasG() || attribute.getGraphsCount() > 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** A float32 initializer's values (raw little-endian data or float_data). */
  static float[] floats(OnnxMl.GraphProto graph, String name) {
    for (OnnxMl.TensorProto init : graph.getInitializerList()) {
      if (init.getName().equals(name)) {
        if (init.getDataType() != OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
          throw new IllegalArgumentException("initializer " + name + " is not float32");
        }
        return GraphIndex.floats(init);
      }
    }
    throw new IllegalArgumentException("no initializer " + name);
  }
}
