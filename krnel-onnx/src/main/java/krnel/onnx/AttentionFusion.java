package krnel.onnx;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.List;

/**
 * Folds a BERT self-attention block, as ONNX Runtime's extended optimizations leave it, into one
 * {@code com.microsoft.MultiHeadAttention}:
 *
 * <pre>
 *   q, k, v = MatMul(x, W) + b → Reshape [0, 0, heads, size] → Transpose (k: to [b, h, size, seq])
 *   scores  = FusedMatMul(q, k, alpha) + (1 - Cast(attention_mask[:, None, None, :])) * c
 *   context = MatMul(Softmax(scores), v) → Transpose → Reshape [0, 0, heads * size]
 * </pre>
 *
 * becomes {@code MultiHeadAttention(q, k, v, [bq bk bv], int32 attention_mask)} with {@code scale =
 * alpha} and {@code mask_filter_value = c}: the same arithmetic without the transposes, bias adds
 * and mask add between the matrix products. ORT's own attention fusion needs static shapes, so it
 * never fires on an export with a dynamic sequence length. Anything that differs from the pattern
 * (another mask, a tapped intermediate tensor, other shapes) is left as it is.
 */
final class AttentionFusion {
  private AttentionFusion() {}

  /** The int32 copy of {@code attention_mask} every fused block reads. */
  static final String MASK = "krnel/attention_mask_int32";
  private static final String MASK_INPUT = "attention_mask";
  private static final List<Long> HEADS_FIRST = List.of(0L, 2L, 1L, 3L);
  private static final List<Long> KEYS_TRANSPOSED = List.of(0L, 2L, 3L, 1L);

  /** One projection: {@code MatMul(x, W) + bias}, reshaped to heads and transposed. */
  private record Projection(String matMulOutput, float[] bias, long heads, long size, List<Integer> nodes) {}

  /** Adds the fused blocks of {@code index}'s graph to {@code edit}; returns how many. */
  static int fuse(GraphIndex index, GraphEdit edit) {
    int fused = 0;
    for (int i = 0; i < index.graph.getNodeCount(); i++) {
      if (index.node(i).getOpType().equals("Softmax") && fuseAt(index, edit, i, fused)) {
        fused++;
      }
    }
    if (fused > 0) {
      edit.addFirst(OnnxMl.NodeProto.newBuilder().setName("/krnel/AttentionMaskInt32").setOpType("Cast")
          .addInput(MASK_INPUT).addOutput(MASK)
          .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("to").setType(OnnxMl.AttributeProto.AttributeType.INT)
              .setI(OnnxMl.TensorProto.DataType.INT32.getNumber()))
          .build());
    }
    return fused;
  }

  private static boolean fuseAt(GraphIndex index, GraphEdit edit, int softmax, int number) {
    OnnxMl.NodeProto softmaxNode = index.node(softmax);
    // before opset 13 a missing axis means 1 (softmax over the flattened trailing dimensions)
    long axis = GraphIndex.intAttribute(softmaxNode, "axis", Long.MIN_VALUE);
    if (axis != -1 && axis != 3) {
      return false;
    }
    List<Integer> nodes = new ArrayList<>(List.of(softmax));
    // scores + mask term
    int maskAdd = index.producer(softmaxNode.getInput(0), "Add");
    if (maskAdd < 0 || !index.onlyFeeds(softmaxNode.getInput(0), softmax)) {
      return false;
    }
    OnnxMl.NodeProto add = index.node(maskAdd);
    int scores = -1;
    Float filter = null;
    for (int side = 0; side < 2 && scores < 0; side++) {
      filter = maskFilterValue(index, add.getInput(1 - side));
      if (filter != null && index.onlyFeeds(add.getInput(side), maskAdd)) {
        scores = index.producer(add.getInput(side), "FusedMatMul");
      }
    }
    if (scores < 0) {
      return false;
    }
    nodes.add(maskAdd);
    nodes.add(scores);
    OnnxMl.NodeProto scoresNode = index.node(scores);
    long transB = GraphIndex.intAttribute(scoresNode, "transB", 0);
    if (GraphIndex.intAttribute(scoresNode, "transA", 0) != 0 || GraphIndex.intAttribute(scoresNode, "transBatchA", 0) != 0
        || GraphIndex.intAttribute(scoresNode, "transBatchB", 0) != 0) {
      return false;
    }
    float scale = GraphIndex.floatAttribute(scoresNode, "alpha", 1f);
    Projection q = projection(index, scoresNode.getInput(0), scores, HEADS_FIRST);
    Projection k = projection(index, scoresNode.getInput(1), scores, transB == 0 ? KEYS_TRANSPOSED : HEADS_FIRST);
    // probabilities × values, back to [batch, seq, hidden]
    int weighted = index.soleConsumer(softmaxNode.getOutput(0), "MatMul");
    if (q == null || k == null || weighted < 0 || !index.node(weighted).getInput(0).equals(softmaxNode.getOutput(0))) {
      return false;
    }
    Projection v = projection(index, index.node(weighted).getInput(1), weighted, HEADS_FIRST);
    int back = index.soleConsumer(index.node(weighted).getOutput(0), "Transpose");
    if (v == null || back < 0 || !HEADS_FIRST.equals(GraphIndex.intsAttribute(index.node(back), "perm"))) {
      return false;
    }
    int merge = index.soleConsumer(index.node(back).getOutput(0), "Reshape");
    long heads = q.heads();
    long size = q.size();
    if (merge < 0 || k.heads() != heads || v.heads() != heads || k.size() != size || v.size() != size
        || !java.util.Arrays.equals(index.longs(index.node(merge).getInput(1)), new long[] {0, 0, heads * size})) {
      return false;
    }
    nodes.addAll(List.of(weighted, back, merge));
    nodes.addAll(q.nodes());
    nodes.addAll(k.nodes());
    nodes.addAll(v.nodes());
    if (edit.touches(nodes)) {
      return false;
    }
    String bias = "krnel/attention_" + number + "/qkv_bias";
    edit.addInitializer(GraphEdit.floats(bias, q.bias(), k.bias(), v.bias()));
    edit.replace(nodes, OnnxMl.NodeProto.newBuilder().setName("/krnel/Attention_" + number)
        .setOpType("MultiHeadAttention").setDomain("com.microsoft")
        .addInput(q.matMulOutput()).addInput(k.matMulOutput()).addInput(v.matMulOutput()).addInput(bias).addInput(MASK)
        .addOutput(index.node(merge).getOutput(0))
        .addAttribute(GraphEdit.intAttribute("num_heads", heads))
        .addAttribute(GraphEdit.floatAttribute("scale", scale))
        .addAttribute(GraphEdit.floatAttribute("mask_filter_value", filter))
        .build());
    return true;
  }

  /**
   * The projection feeding {@code reader} through {@code tensor}: {@code Transpose(perm) ←
   * Reshape [0, 0, heads, size] ← Add(bias) ← MatMul(x, W)}, each read only by the next; or null.
   * The MatMul stays (it becomes an input of the fused node); the rest is folded in.
   */
  private static Projection projection(GraphIndex index, String tensor, int reader, List<Long> perm) {
    int transpose = index.producer(tensor, "Transpose");
    if (transpose < 0 || !index.onlyFeeds(tensor, reader)
        || !perm.equals(GraphIndex.intsAttribute(index.node(transpose), "perm"))) {
      return null;
    }
    String reshaped = index.node(transpose).getInput(0);
    int reshape = index.producer(reshaped, "Reshape");
    if (reshape < 0 || !index.onlyFeeds(reshaped, transpose)) {
      return null;
    }
    long[] shape = index.longs(index.node(reshape).getInput(1));
    if (shape == null || shape.length != 4 || shape[0] != 0 || shape[1] != 0 || shape[2] <= 0 || shape[3] <= 0) {
      return null;
    }
    String biased = index.node(reshape).getInput(0);
    int add = index.producer(biased, "Add");
    if (add < 0 || !index.onlyFeeds(biased, reshape)) {
      return null;
    }
    OnnxMl.NodeProto addNode = index.node(add);
    for (int side = 0; side < 2; side++) {
      OnnxMl.TensorProto bias = index.floatVector(addNode.getInput(side), shape[2] * shape[3]);
      String product = addNode.getInput(1 - side);
      if (bias != null && index.isWeightProduct(product) && index.onlyFeeds(product, add)) {
        return new Projection(product, GraphIndex.floats(bias), shape[2], shape[3], List.of(transpose, reshape, add));
      }
    }
    return null;
  }

  /**
   * {@code c} when {@code tensor} is {@code (1 - Cast<float>(Unsqueeze(Unsqueeze(attention_mask, 1), 2))) * c}
   * (either factor order), the additive padding mask of a BERT export; null otherwise.
   */
  private static Float maskFilterValue(GraphIndex index, String tensor) {
    int mul = index.producer(tensor, "Mul");
    if (mul < 0) {
      return null;
    }
    OnnxMl.NodeProto mulNode = index.node(mul);
    for (int side = 0; side < 2; side++) {
      Float c = index.floatScalar(mulNode.getInput(side));
      int sub = index.producer(mulNode.getInput(1 - side), "Sub");
      if (c == null || sub < 0 || !Float.valueOf(1f).equals(index.floatScalar(index.node(sub).getInput(0)))) {
        continue;
      }
      int cast = index.producer(index.node(sub).getInput(1), "Cast");
      if (cast < 0
          || GraphIndex.intAttribute(index.node(cast), "to", -1) != OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
        continue;
      }
      int inner = index.producer(index.node(cast).getInput(0), "Unsqueeze");
      int outer = inner < 0 ? -1 : index.producer(index.node(inner).getInput(0), "Unsqueeze");
      if (outer >= 0 && List.of(2L).equals(axes(index, index.node(inner)))
          && List.of(1L).equals(axes(index, index.node(outer)))
          && index.node(outer).getInput(0).equals(MASK_INPUT) && index.isGraphInput(MASK_INPUT)) {
        return c;
      }
    }
    return null;
  }

  /** An Unsqueeze's axes: an attribute up to opset 12, a constant input from opset 13. */
  private static List<Long> axes(GraphIndex index, OnnxMl.NodeProto unsqueeze) {
    if (unsqueeze.getInputCount() > 1) {
      long[] axes = index.longs(unsqueeze.getInput(1));
      return axes == null ? null : java.util.Arrays.stream(axes).boxed().toList();
    }
    return GraphIndex.intsAttribute(unsqueeze, "axes");
  }
}
