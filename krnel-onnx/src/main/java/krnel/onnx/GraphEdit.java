package krnel.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Node replacements collected against one {@link GraphIndex} and applied at once. A fused node
 * takes the place of the last node of the pattern it replaces, so it comes after everything its
 * inputs depend on and the node list stays in topological order.
 */
final class GraphEdit {
  private final OnnxMl.GraphProto graph;
  private final Set<Integer> removed = new HashSet<>();
  private final Map<Integer, OnnxMl.NodeProto> replacements = new HashMap<>();
  private final List<OnnxMl.NodeProto> prologue = new ArrayList<>();
  private final List<OnnxMl.TensorProto> initializers = new ArrayList<>();

  GraphEdit(GraphIndex index) {
    this.graph = index.graph;
  }

  /** Whether any of {@code nodes} is already taken by another replacement. */
  boolean touches(Iterable<Integer> nodes) {
    for (int node : nodes) {
      if (removed.contains(node)) {
        return true;
      }
    }
    return false;
  }

  /** Replaces {@code nodes} by {@code fused}, which goes where the last of them (in graph order) was. */
  void replace(Iterable<Integer> nodes, OnnxMl.NodeProto fused) {
    int last = -1;
    for (int node : nodes) {
      removed.add(node);
      last = Math.max(last, node);
    }
    replacements.put(last, fused);
  }

  /** A node that only reads graph inputs, placed first. */
  void addFirst(OnnxMl.NodeProto node) {
    prologue.add(node);
  }

  void addInitializer(OnnxMl.TensorProto initializer) {
    initializers.add(initializer);
  }

  boolean isEmpty() {
    return replacements.isEmpty();
  }

  /**
   * The edited graph. Initializers no node reads any more are dropped (ORT warns about each
   * unused one), and with them any graph input of the same name (older exports list initializers
   * as inputs too).
   */
  OnnxMl.GraphProto apply() {
    List<OnnxMl.NodeProto> nodes = new ArrayList<>(prologue);
    for (int i = 0; i < graph.getNodeCount(); i++) {
      if (replacements.containsKey(i)) {
        nodes.add(replacements.get(i));
      } else if (!removed.contains(i)) {
        nodes.add(graph.getNode(i));
      }
    }
    Set<String> read = new HashSet<>();
    for (OnnxMl.NodeProto node : nodes) {
      read.addAll(node.getInputList());
    }
    graph.getOutputList().forEach(output -> read.add(output.getName()));
    Set<String> dropped = new HashSet<>();
    OnnxMl.GraphProto.Builder edited = graph.toBuilder().clearNode().addAllNode(nodes).clearInitializer();
    for (OnnxMl.TensorProto init : graph.getInitializerList()) {
      if (read.contains(init.getName())) {
        edited.addInitializer(init);
      } else {
        dropped.add(init.getName());
      }
    }
    edited.addAllInitializer(initializers).clearInput();
    graph.getInputList().stream().filter(input -> !dropped.contains(input.getName())).forEach(edited::addInput);
    return edited.build();
  }

  /** A one-dimensional float32 initializer holding {@code parts} one after the other. */
  static OnnxMl.TensorProto floats(String name, float[]... parts) {
    int length = 0;
    for (float[] part : parts) {
      length += part.length;
    }
    ByteBuffer bytes = ByteBuffer.allocate(4 * length).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] part : parts) {
      bytes.asFloatBuffer().put(part);
      bytes.position(bytes.position() + 4 * part.length);
    }
    return OnnxMl.TensorProto.newBuilder().setName(name).setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
        .addDims(length).setRawData(ByteString.copyFrom(bytes.array())).build();
  }

  static OnnxMl.AttributeProto intAttribute(String name, long value) {
    return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT)
        .setI(value).build();
  }

  static OnnxMl.AttributeProto floatAttribute(String name, float value) {
    return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
        .setF(value).build();
  }
}
