package krnel.onnx;

import ai.onnx.proto.OnnxMl;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who writes and who reads each tensor of an ONNX graph, and its initializers: what a fusion
 * checks before it folds nodes into one. Nodes are referred to by their index in the graph.
 */
final class GraphIndex {
  final OnnxMl.GraphProto graph;
  private final Map<String, Integer> producers = new HashMap<>();
  private final Map<String, List<Integer>> consumers = new HashMap<>();
  private final Map<String, OnnxMl.TensorProto> initializers = new HashMap<>();
  private final Set<String> graphOutputs = new HashSet<>();

  GraphIndex(OnnxMl.GraphProto graph) {
    this.graph = graph;
    for (int i = 0; i < graph.getNodeCount(); i++) {
      OnnxMl.NodeProto node = graph.getNode(i);
      for (String out : node.getOutputList()) {
        producers.put(out, i);
      }
      for (String in : node.getInputList()) {
        consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(i);
      }
    }
    for (OnnxMl.TensorProto init : graph.getInitializerList()) {
      initializers.put(init.getName(), init);
    }
    for (OnnxMl.ValueInfoProto out : graph.getOutputList()) {
      graphOutputs.add(out.getName());
    }
  }

  OnnxMl.NodeProto node(int index) {
    return graph.getNode(index);
  }

  /** The index of the node of type {@code opType} writing {@code tensor}, or -1. */
  int producer(String tensor, String opType) {
    Integer index = producers.get(tensor);
    return index != null && graph.getNode(index).getOpType().equals(opType) ? index : -1;
  }

  /**
   * The one node reading {@code tensor} when it is of type {@code opType}, the tensor is not a graph
   * output and nothing else reads it; else -1.
   */
  int soleConsumer(String tensor, String opType) {
    List<Integer> readers = consumers.getOrDefault(tensor, List.of());
    if (readers.size() != 1 || graphOutputs.contains(tensor)) {
      return -1;
    }
    return graph.getNode(readers.get(0)).getOpType().equals(opType) ? readers.get(0) : -1;
  }

  /** Whether {@code reader} is the only node reading {@code tensor}, which is no graph output: a fusion may hide it. */
  boolean onlyFeeds(String tensor, int reader) {
    List<Integer> readers = consumers.getOrDefault(tensor, List.of());
    return !graphOutputs.contains(tensor) && readers.size() == 1 && readers.get(0) == reader;
  }

  boolean isGraphInput(String tensor) {
    return graph.getInputList().stream().anyMatch(in -> in.getName().equals(tensor))
        && !initializers.containsKey(tensor);
  }

  boolean isInitializer(String name) {
    return initializers.containsKey(name);
  }

  /** A float32 initializer, or null. */
  OnnxMl.TensorProto floatInitializer(String name) {
    OnnxMl.TensorProto init = initializers.get(name);
    return init != null && init.getDataType() == OnnxMl.TensorProto.DataType.FLOAT.getNumber() ? init : null;
  }

  /** A one-dimensional float32 initializer of {@code length} values, or null. */
  OnnxMl.TensorProto floatVector(String name, long length) {
    OnnxMl.TensorProto init = floatInitializer(name);
    return init != null && init.getDimsCount() == 1 && init.getDims(0) == length ? init : null;
  }

  /** Whether {@code tensor} is {@code MatMul(x, W)} with a constant weight matrix {@code W}. */
  boolean isWeightProduct(String tensor) {
    int matMul = producer(tensor, "MatMul");
    return matMul >= 0 && isInitializer(node(matMul).getInput(1));
  }

  /** The values of an int64 initializer, or null when {@code name} is not one. */
  long[] longs(String name) {
    OnnxMl.TensorProto init = initializers.get(name);
    if (init == null || init.getDataType() != OnnxMl.TensorProto.DataType.INT64.getNumber()) {
      return null;
    }
    if (!init.getRawData().isEmpty()) {
      LongBuffer buffer = init.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
      long[] values = new long[buffer.remaining()];
      buffer.get(values);
      return values;
    }
    return init.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
  }

  /** The value of a single-element float32 initializer, or null. */
  Float floatScalar(String name) {
    OnnxMl.TensorProto init = floatInitializer(name);
    if (init == null) {
      return null;
    }
    float[] values = floats(init);
    return values.length == 1 ? values[0] : null;
  }

  static float[] floats(OnnxMl.TensorProto init) {
    if (!init.getRawData().isEmpty()) {
      FloatBuffer buffer = init.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      float[] values = new float[buffer.remaining()];
      buffer.get(values);
      return values;
    }
    float[] values = new float[init.getFloatDataCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] = init.getFloatData(i);
    }
    return values;
  }

  /** An integer attribute of {@code node}, or {@code fallback} when it has none. */
  static long intAttribute(OnnxMl.NodeProto node, String name, long fallback) {
    for (OnnxMl.AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getI();
      }
    }
    return fallback;
  }

  static float floatAttribute(OnnxMl.NodeProto node, String name, float fallback) {
    for (OnnxMl.AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getF();
      }
    }
    return fallback;
  }

  /** An integer-list attribute of {@code node}, or null when it has none. */
  static List<Long> intsAttribute(OnnxMl.NodeProto node, String name) {
    for (OnnxMl.AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getIntsList();
      }
    }
    return null;
  }
}
