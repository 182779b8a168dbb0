package krnel.onnx;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained probe ({@code krnel-probe/2} JSON, see {@code krnel.probe.ProbeModel}) as standard ONNX operators
 * appended to a graph: from a float32 {@code [batch, d]} tensor to a float64 {@code [batch]} score. Everything is
 * computed in float64 with the float32 roundings {@code ProbeModel} makes (the preprocessed row, Nyström features),
 * so the scores equal {@code ClassifierPredictOp}'s up to the order of float64 sums.
 */
final class ProbeGraph {
  /** The probe kinds (the JSON's {@code kind}) that can be exported, for messages. */
  static final List<String> KINDS = List.of("linear", "gaussian_nb", "kernel", "calibrated_kernel", "nystroem_linear",
      "forest");
  /** The domain of {@code TreeEnsembleRegressor}, which forests use. */
  static final String ML = "ai.onnx.ml";

  static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT.getNumber();
  static final int DOUBLE = OnnxMl.TensorProto.DataType.DOUBLE.getNumber();
  static final int FLOAT16 = OnnxMl.TensorProto.DataType.FLOAT16.getNumber();
  static final int INT64 = OnnxMl.TensorProto.DataType.INT64.getNumber();

  private final String prefix;
  private final int opset;
  private final List<OnnxMl.NodeProto> nodes = new ArrayList<>();
  private final List<OnnxMl.TensorProto> initializers = new ArrayList<>();
  private int counter;
  private boolean usesMl;

  /**
   * @param prefix the prefix of every tensor and node name this adds, unused by the graph it is added to
   * @param opset the graph's default-domain opset, which decides how {@code ReduceSum} takes its axes
   */
  ProbeGraph(String prefix, int opset) {
    this.prefix = prefix;
    this.opset = opset;
  }

  List<OnnxMl.NodeProto> nodes() {
    return nodes;
  }

  List<OnnxMl.TensorProto> initializers() {
    return initializers;
  }

  /** Whether a node of the {@value #ML} domain was added (the model must import it). */
  boolean usesMl() {
    return usesMl;
  }

  /**
   * Adds the probe {@code probe} reading {@code x} (float32 {@code [batch, d]}) and returns the name of its score
   * (float64 {@code [batch]}).
   *
   * @throws IllegalArgumentException for a kind that cannot be exported, naming those that can
   */
  String score(JsonNode probe, String x) {
    String kind = probe.path("kind").asText();
    int d = probe.path("n_features").asInt();
    String row = preprocess(probe.path("preprocessing"), cast(x, DOUBLE), d);
    switch (kind) {
      case "linear":
        return flat(linear(row, probe));
      case "gaussian_nb":
        return naiveBayes(row, probe);
      case "kernel":
        return flat(kernel(row, probe, d));
      case "calibrated_kernel":
        return calibrated(row, probe, d);
      case "nystroem_linear": {
        String k = rbf(row, matrix(probe.path("basis")), probe.path("gamma").asDouble(), d);
        String z = cast(cast(op("MatMul", k, constant(transpose(matrix(probe.path("normalization"))))), FLOAT), DOUBLE);
        return flat(linear(z, probe));
      }
      case "forest":
        return forest(row, probe.path("trees"));
      default:
        throw new IllegalArgumentException("model: " + probe.path("model_type").asText() + " (kind " + kind
            + ") cannot be exported as ONNX; the exportable kinds are " + KINDS + " (model types logistic_regression,"
            + " linear_svc, sgd, passive_aggressive, naive_bayes, rbf_svc, rbf_nusvm, calibrated_rbf_nusvm,"
            + " sgd_nystroem, sgd_nystroem_one_class_svm, random_forest)");
    }
  }

  /** The preprocessed row as float32 values held in float64, rounded as {@code Preprocessor.apply} rounds them. */
  private String preprocess(JsonNode preprocessing, String x, int d) {
    switch (preprocessing.path("type").asText()) {
      case "none":
        return x;
      case "standardize": {
        String centered = cast(cast(op("Sub", x, constant(doubles(preprocessing.path("mean")), d)), FLOAT), DOUBLE);
        return cast(cast(op("Div", centered, constant(doubles(preprocessing.path("scale")), d)), FLOAT), DOUBLE);
      }
      case "normalize": {
        String norm = op("Sqrt", reduceSum(op("Mul", x, x), 1, true));
        String zero = op("Equal", norm, scalar(0));
        String safe = op("Where", zero, scalar(1), norm);  // rows of norm 0 stay as they are
        return cast(cast(op("Div", x, safe), FLOAT), DOUBLE);
      }
      default:
        throw new IllegalArgumentException("model: unknown preprocessing " + preprocessing);
    }
  }

  /** {@code x . weights + intercept}, {@code [batch, 1]}. */
  private String linear(String x, JsonNode probe) {
    double[] w = doubles(probe.path("weights"));
    return op("Add", op("MatMul", x, constant(w, w.length, 1)), scalar(probe.path("intercept").asDouble()));
  }

  /** {@code sum_i dual_coef_i exp(-gamma ||sv_i - x||^2) + intercept}, {@code [batch, 1]}. */
  private String kernel(String x, JsonNode machine, int d) {
    String k = rbf(x, matrix(machine.path("support_vectors")), machine.path("gamma").asDouble(), d);
    double[] dual = doubles(machine.path("dual_coef"));
    return op("Add", op("MatMul", k, constant(dual, dual.length, 1)), scalar(machine.path("intercept").asDouble()));
  }

  /** {@code exp(-gamma ||a_l - x||^2)} for each row {@code a_l} of {@code points}: {@code [batch, m]}. */
  private String rbf(String x, double[][] points, double gamma, int d) {
    String rows = op("Reshape", x, longs(-1, 1, d));
    String diff = op("Sub", rows, constant(points));
    String sq = reduceSum(op("Mul", diff, diff), 2, false);
    return op("Exp", op("Mul", sq, scalar(-gamma)));
  }

  /** The mean of the members' Platt sigmoids {@code 1 / (1 + exp(a f + b))}. */
  private String calibrated(String x, JsonNode probe, int d) {
    JsonNode members = probe.path("members");
    String sum = null;
    for (JsonNode member : members) {
      String f = kernel(x, member, d);
      String t = op("Add", op("Mul", f, scalar(member.path("sigmoid_a").asDouble())),
          scalar(member.path("sigmoid_b").asDouble()));
      String p = op("Sigmoid", op("Neg", t));
      sum = sum == null ? p : op("Add", sum, p);
    }
    return flat(op("Div", sum, scalar(members.size())));
  }

  /** {@code P(true | x)} under independent Gaussians: {@code sigmoid(jll_1 - jll_0)}. */
  private String naiveBayes(String x, JsonNode probe) {
    double[] prior = doubles(probe.path("class_prior"));
    double[][] theta = matrix(probe.path("theta"));
    double[][] var = matrix(probe.path("var"));
    String[] jll = new String[2];
    for (int c = 0; c < 2; c++) {
      double norm = 0;  // summed in the order GaussianNaiveBayes sums it
      for (double v : var[c]) {
        norm += Math.log(2 * Math.PI * v);
      }
      String diff = op("Sub", x, constant(theta[c], theta[c].length));
      String dist = reduceSum(op("Div", op("Mul", diff, diff), constant(var[c], var[c].length)), 1, false);
      jll[c] = op("Sub", scalar(Math.log(prior[c]) - 0.5 * norm), op("Mul", dist, scalar(0.5)));
    }
    return op("Sigmoid", op("Sub", jll[1], jll[0]));
  }

  /**
   * The mean of the trees' leaf values, by {@code ai.onnx.ml.TreeEnsembleRegressor} on the float32 row. A row goes
   * left when {@code x <= threshold} (a double): for a float {@code x} that is {@code x <= t}, {@code t} the largest
   * float not above the threshold, so the float attribute keeps every decision. Leaf values and their mean are
   * float32 in this operator (within about 1e-7 of the double mean).
   */
  private String forest(String x, JsonNode trees) {
    OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder().setOpType("TreeEnsembleRegressor").setDomain(ML);
    Attrs a = new Attrs();
    for (int t = 0; t < trees.size(); t++) {
      JsonNode tree = trees.get(t);
      JsonNode feature = tree.path("feature");
      for (int n = 0; n < feature.size(); n++) {
        boolean leaf = feature.get(n).asInt() < 0;
        a.treeIds.add(t);
        a.nodeIds.add(n);
        a.features.add(leaf ? 0 : feature.get(n).asInt());
        a.values.add(leaf ? 0f : floatAtMost(tree.path("threshold").get(n).asDouble()));
        a.modes.add(leaf ? "LEAF" : "BRANCH_LEQ");
        a.trueIds.add(leaf ? 0 : tree.path("left").get(n).asInt());
        a.falseIds.add(leaf ? 0 : tree.path("right").get(n).asInt());
        if (leaf) {
          a.targetTrees.add(t);
          a.targetNodes.add(n);
          a.targetWeights.add((float) tree.path("value").get(n).asDouble());
        }
      }
    }
    String output = prefix + "TreeEnsembleRegressor_" + counter++;
    node.setName(output).addInput(cast(x, FLOAT)).addOutput(output)
        .addAttribute(ints("nodes_treeids", a.treeIds)).addAttribute(ints("nodes_nodeids", a.nodeIds))
        .addAttribute(ints("nodes_featureids", a.features)).addAttribute(floats("nodes_values", a.values))
        .addAttribute(strings("nodes_modes", a.modes)).addAttribute(ints("nodes_truenodeids", a.trueIds))
        .addAttribute(ints("nodes_falsenodeids", a.falseIds)).addAttribute(ints("target_treeids", a.targetTrees))
        .addAttribute(ints("target_nodeids", a.targetNodes))
        .addAttribute(ints("target_ids", java.util.Collections.nCopies(a.targetNodes.size(), 0L)))
        .addAttribute(floats("target_weights", a.targetWeights)).addAttribute(GraphEdit.intAttribute("n_targets", 1))
        .addAttribute(string("aggregate_function", "AVERAGE")).addAttribute(string("post_transform", "NONE"));
    nodes.add(node.build());
    usesMl = true;
    return flat(cast(output, DOUBLE));
  }

  /** The node attributes of a tree ensemble, as lists. */
  private static final class Attrs {
    final List<Integer> treeIds = new ArrayList<>();
    final List<Integer> nodeIds = new ArrayList<>();
    final List<Integer> features = new ArrayList<>();
    final List<Float> values = new ArrayList<>();
    final List<String> modes = new ArrayList<>();
    final List<Integer> trueIds = new ArrayList<>();
    final List<Integer> falseIds = new ArrayList<>();
    final List<Integer> targetTrees = new ArrayList<>();
    final List<Integer> targetNodes = new ArrayList<>();
    final List<Float> targetWeights = new ArrayList<>();
  }

  /** The largest float32 not above {@code value}. */
  static float floatAtMost(double value) {
    float f = (float) value;
    return f > value ? Math.nextDown(f) : f;
  }

  private static OnnxMl.AttributeProto ints(String name, List<? extends Number> values) {
    OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name)
        .setType(OnnxMl.AttributeProto.AttributeType.INTS);
    values.forEach(v -> a.addInts(v.longValue()));
    return a.build();
  }

  private static OnnxMl.AttributeProto floats(String name, List<Float> values) {
    return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.FLOATS)
        .addAllFloats(values).build();
  }

  private static OnnxMl.AttributeProto strings(String name, List<String> values) {
    OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name)
        .setType(OnnxMl.AttributeProto.AttributeType.STRINGS);
    values.forEach(v -> a.addStrings(ByteString.copyFromUtf8(v)));
    return a.build();
  }

  private static OnnxMl.AttributeProto string(String name, String value) {
    return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(value)).build();
  }

  // ------------------------------------------------------------------ nodes and constants

  private String flat(String x) {
    return op("Reshape", x, longs(-1));
  }

  String cast(String x, int to) {
    return op("Cast", List.of(x), GraphEdit.intAttribute("to", to));
  }

  /** {@code ReduceSum} over {@code axis}: axes as an attribute before opset 13, as an input from 13 on. */
  String reduceSum(String x, int axis, boolean keepDims) {
    OnnxMl.AttributeProto keep = GraphEdit.intAttribute("keepdims", keepDims ? 1 : 0);
    if (opset < 13) {
      OnnxMl.AttributeProto axes = OnnxMl.AttributeProto.newBuilder().setName("axes")
          .setType(OnnxMl.AttributeProto.AttributeType.INTS).addInts(axis).build();
      return op("ReduceSum", List.of(x), keep, axes);
    }
    return op("ReduceSum", List.of(x, longs(axis)), keep);
  }

  String op(String type, String... inputs) {
    return op(type, List.of(inputs));
  }

  String op(String type, List<String> inputs, OnnxMl.AttributeProto... attributes) {
    String output = prefix + type + "_" + counter++;
    OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder().setName(output).setOpType(type)
        .addAllInput(inputs).addOutput(output);
    for (OnnxMl.AttributeProto attribute : attributes) {
      node.addAttribute(attribute);
    }
    nodes.add(node.build());
    return output;
  }

  /** A float64 scalar. */
  String scalar(double value) {
    return constant(new double[] {value});
  }

  /** A float64 initializer of shape {@code dims} (none: a scalar). */
  String constant(double[] values, long... dims) {
    ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asDoubleBuffer().put(values);
    return initializer(OnnxMl.TensorProto.newBuilder().setDataType(DOUBLE).setRawData(ByteString.copyFrom(bytes.array())),
        dims);
  }

  private String constant(double[][] matrix) {
    int cols = matrix.length == 0 ? 0 : matrix[0].length;
    double[] flat = new double[matrix.length * cols];
    for (int i = 0; i < matrix.length; i++) {
      System.arraycopy(matrix[i], 0, flat, i * cols, cols);
    }
    return constant(flat, matrix.length, cols);
  }

  /** An int64 vector. */
  String longs(long... values) {
    OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder().setDataType(INT64);
    for (long value : values) {
      tensor.addInt64Data(value);
    }
    return initializer(tensor, values.length);
  }

  /** An int64 scalar. */
  String longScalar(long value) {
    return initializer(OnnxMl.TensorProto.newBuilder().setDataType(INT64).addInt64Data(value));
  }

  private String initializer(OnnxMl.TensorProto.Builder tensor, long... dims) {
    String name = prefix + "const_" + counter++;
    for (long dim : dims) {
      tensor.addDims(dim);
    }
    initializers.add(tensor.setName(name).build());
    return name;
  }

  private static double[] doubles(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asDouble();
    }
    return values;
  }

  private static double[][] matrix(JsonNode rows) {
    double[][] values = new double[rows.size()][];
    for (int i = 0; i < values.length; i++) {
      values[i] = doubles(rows.get(i));
    }
    return values;
  }

  private static double[][] transpose(double[][] a) {
    int cols = a.length == 0 ? 0 : a[0].length;
    double[][] t = new double[cols][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < cols; j++) {
        t[j][i] = a[i][j];
      }
    }
    return t;
  }
}
