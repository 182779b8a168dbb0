package krnel.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.memory.util.Float16;

/**
 * A float32 graph rewritten to compute in float16, as the reference loads a model in the op's
 * {@code dtype}: every float32 initializer, constant and cast target becomes float16, and so does
 * every float32 graph input (a decoder's key/value cache), output and value info; integer tensors
 * (token ids, masks) stay as they are. Values beyond float16's range are clamped to ±65504, so
 * that an additive mask built from float32's minimum stays finite and {@code 0 × mask} stays 0
 * instead of NaN. Operator attributes (epsilons, scales) are floats whatever the tensor type and
 * stay as they are.
 */
final class Float16Graphs {
  private Float16Graphs() {}

  private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT.getNumber();
  private static final int FLOAT16 = OnnxMl.TensorProto.DataType.FLOAT16.getNumber();
  private static final float MAX = 65504f;

  /** Whether {@link #convert} can rewrite {@code model}: weights inside the file, no control flow. */
  static boolean convertible(OnnxMl.ModelProto model) {
    return !ExternalData.uses(model.getGraph()) && !OnnxGraphs.hasSubgraphs(model.getGraph());
  }

  /** {@code model} computing in float16; see {@link #convertible}. */
  static OnnxMl.ModelProto convert(OnnxMl.ModelProto model) {
    if (!convertible(model)) {
      throw new IllegalArgumentException("a graph with external data or control flow cannot be converted to float16");
    }
    OnnxMl.GraphProto graph = model.getGraph();
    OnnxMl.GraphProto.Builder half = graph.toBuilder().clearInitializer().clearNode().clearInput().clearOutput()
        .clearValueInfo();
    graph.getInitializerList().forEach(init -> half.addInitializer(tensor(init)));
    graph.getInputList().forEach(input -> half.addInput(valueInfo(input)));
    graph.getOutputList().forEach(output -> half.addOutput(valueInfo(output)));
    graph.getValueInfoList().forEach(info -> half.addValueInfo(valueInfo(info)));
    graph.getNodeList().forEach(node -> half.addNode(node(node)));
    return model.toBuilder().setGraph(half).build();
  }

  private static OnnxMl.NodeProto node(OnnxMl.NodeProto node) {
    OnnxMl.NodeProto.Builder half = node.toBuilder().clearAttribute();
    for (OnnxMl.AttributeProto attribute : node.getAttributeList()) {
      if (node.getOpType().equals("Cast") && attribute.getName().equals("to") && attribute.getI() == FLOAT) {
        half.addAttribute(attribute.toBuilder().setI(FLOAT16));
      } else if (node.getOpType().equals("Constant") && attribute.getName().equals("value_float")) {
        half.addAttribute(tensorAttribute("value", new float[] {attribute.getF()}, false));
      } else if (node.getOpType().equals("Constant") && attribute.getName().equals("value_floats")) {
        float[] values = new float[attribute.getFloatsCount()];
        for (int i = 0; i < values.length; i++) {
          values[i] = attribute.getFloats(i);
        }
        half.addAttribute(tensorAttribute("value", values, true));
      } else if (attribute.hasT()) {
        half.addAttribute(attribute.toBuilder().setT(tensor(attribute.getT())));
      } else {
        half.addAttribute(attribute);
      }
    }
    return half.build();
  }

  /** A float32 tensor as float16 (clamped to ±65504); any other tensor unchanged. */
  private static OnnxMl.TensorProto tensor(OnnxMl.TensorProto tensor) {
    if (tensor.getDataType() != FLOAT) {
      return tensor;
    }
    return tensor.toBuilder().setDataType(FLOAT16).clearFloatData().setRawData(halves(GraphIndex.floats(tensor))).build();
  }

  private static OnnxMl.AttributeProto tensorAttribute(String name, float[] values, boolean vector) {
    OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder().setDataType(FLOAT16).setRawData(halves(values));
    if (vector) {
      tensor.addDims(values.length);
    }
    return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.TENSOR)
        .setT(tensor).build();
  }

  private static ByteString halves(float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : values) {
      bytes.putShort(Float16.toFloat16(Math.max(-MAX, Math.min(MAX, value))));
    }
    return ByteString.copyFrom(bytes.array());
  }

  private static OnnxMl.ValueInfoProto valueInfo(OnnxMl.ValueInfoProto info) {
    if (!info.getType().hasTensorType() || info.getType().getTensorType().getElemType() != FLOAT) {
      return info;
    }
    OnnxMl.ValueInfoProto.Builder half = info.toBuilder();
    half.getTypeBuilder().getTensorTypeBuilder().setElemType(FLOAT16);
    return half.build();
  }
}
