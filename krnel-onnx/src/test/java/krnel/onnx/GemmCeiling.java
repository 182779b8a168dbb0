package krnel.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The single-precision GEMM ceiling of a model on this machine: a graph of nothing but the model's
 * own weight matrix products ({@code MatMul} with a 2-D initializer, in graph order, with its real
 * weights), chained so each product feeds the next, run by the same ONNX Runtime (MLAS) on
 * as many rows as a batch has real tokens. Everything a real forward pass adds (embeddings, attention scores, softmax, layer
 * norms, GELU, copies) is overhead against this ceiling; attention score products are left out
 * (under 1% of the work at ~20 tokens).
 */
final class GemmCeiling implements AutoCloseable {
  /** One weight product: {@code [M, k] x [k, n]}. */
  record Product(String weight, int k, int n) {}

  private final List<Product> products;
  private final OrtSession session;
  private final Map<String, Integer> inputs;

  private GemmCeiling(List<Product> products, OrtSession session, Map<String, Integer> inputs) {
    this.products = products;
    this.session = session;
    this.inputs = inputs;
  }

  /** The weight products of {@code model}'s graph (an fp32 model; prune it first to count fewer layers). */
  static List<Product> products(OnnxMl.GraphProto graph) {
    Map<String, OnnxMl.TensorProto> initializers = new HashMap<>();
    for (OnnxMl.TensorProto init : graph.getInitializerList()) {
      initializers.put(init.getName(), init);
    }
    List<Product> products = new ArrayList<>();
    for (OnnxMl.NodeProto node : graph.getNodeList()) {
      if (node.getOpType().equals("MatMul") && node.getInputCount() == 2) {
        OnnxMl.TensorProto weight = initializers.get(node.getInput(1));
        if (weight != null && weight.getDimsCount() == 2) {
          products.add(new Product(weight.getName(), (int) weight.getDims(0), (int) weight.getDims(1)));
        }
      }
    }
    return products;
  }

  /** Floating-point operations of the products for one row (token): {@code 2 k n} each. */
  static double flopsPerRow(List<Product> products) {
    double flops = 0;
    for (Product p : products) {
      flops += 2.0 * p.k() * p.n();
    }
    return flops;
  }

  /**
   * A session running {@code graph}'s weight products as chains: each product takes the latest
   * output whose width is its {@code k} (a BERT layer chains Q, K, V, O, FFN-in, FFN-out); where
   * none fits, a new chain starts from an input of width {@code k}.
   */
  static GemmCeiling of(OnnxMl.ModelProto model) throws OrtException {
    OnnxMl.GraphProto source = model.getGraph();
    List<Product> products = products(source);
    Map<String, OnnxMl.TensorProto> initializers = new HashMap<>();
    for (OnnxMl.TensorProto init : source.getInitializerList()) {
      initializers.put(init.getName(), init);
    }
    OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("gemm_ceiling");
    Map<String, Integer> inputs = new LinkedHashMap<>();
    List<String> chainEnds = new ArrayList<>();
    String current = null;
    int width = -1;
    int i = 0;
    for (Product p : products) {
      if (p.k() != width) {
        if (current != null) {
          chainEnds.add(current);
        }
        current = "x" + p.k() + "_" + inputs.size();
        inputs.put(current, p.k());
        graph.addInput(valueInfo(current, p.k()));
      }
      String out = "y" + i++;
      graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("MatMul").addInput(current).addInput(p.weight())
          .addOutput(out).setName("matmul_" + i));
      graph.addInitializer(initializers.get(p.weight()));
      current = out;
      width = p.n();
    }
    chainEnds.add(current);
    for (String end : chainEnds) {
      graph.addOutput(OnnxMl.ValueInfoProto.newBuilder().setName(end).setType(floatType()));
    }
    OnnxMl.ModelProto ceiling = OnnxMl.ModelProto.newBuilder().setIrVersion(model.getIrVersion())
        .addAllOpsetImport(model.getOpsetImportList()).setProducerName("krnel GemmCeiling").setGraph(graph).build();
    try (OrtSession.SessionOptions options = ExecutionProviders.sessionOptions()) {
      OrtSession session = OrtEnvironment.getEnvironment().createSession(ceiling.toByteArray(), options);
      return new GemmCeiling(products, session, inputs);
    }
  }

  List<Product> products() {
    return products;
  }

  /**
   * Seconds to run the products once per batch, {@code rows[i]} rows for batch {@code i}: the
   * same granularity as a model pass over those batches (inputs are made beforehand).
   */
  double seconds(int[] rows) throws OrtException {
    Map<Integer, Map<String, OnnxTensor>> feeds = new HashMap<>();
    try {
      for (int r : rows) {
        if (!feeds.containsKey(r)) {
          feeds.put(r, feed(r));
        }
      }
      long start = System.nanoTime();
      for (int r : rows) {
        session.run(feeds.get(r)).close();
      }
      return (System.nanoTime() - start) / 1e9;
    } finally {
      for (Map<String, OnnxTensor> feed : feeds.values()) {
        for (OnnxTensor tensor : feed.values()) {
          tensor.close();
        }
      }
    }
  }

  /** Random inputs of {@code rows} rows. */
  private Map<String, OnnxTensor> feed(int rows) throws OrtException {
    Random random = new Random(7);
    Map<String, OnnxTensor> feed = new HashMap<>();
    for (Map.Entry<String, Integer> in : inputs.entrySet()) {
      float[] values = new float[rows * in.getValue()];
      for (int v = 0; v < values.length; v++) {
        values[v] = (float) random.nextGaussian();
      }
      feed.put(in.getKey(), OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(values),
          new long[] {rows, in.getValue()}));
    }
    return feed;
  }

  private static OnnxMl.ValueInfoProto valueInfo(String name, int width) {
    OnnxMl.TypeProto.Tensor.Builder tensor = OnnxMl.TypeProto.Tensor.newBuilder()
        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
        .setShape(OnnxMl.TensorShapeProto.newBuilder()
            .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("rows"))
            .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(width)));
    return OnnxMl.ValueInfoProto.newBuilder().setName(name)
        .setType(OnnxMl.TypeProto.newBuilder().setTensorType(tensor)).build();
  }

  private static OnnxMl.TypeProto floatType() {
    return OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())).build();
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
