package krnel.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import krnel.graph.OpSpec;
import krnel.ops.ImmutableLLMLayerActivationsOp;
import krnel.ops.LLMLayerActivationsOp;
import krnel.ops.LLMLayerActivationsOp.TokenMode;
import krnel.runner.OpFailedException;
import krnel.runner.Runner;
import krnel.types.PromptColumn;
import krnel.types.TextColumn;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A memory runner per test, and what the activation tests share: ops, results as floats, comparisons. */
abstract class OnnxTesting {
  static final String FP32 = "builtin:all-minilm-l6-v2";
  static final String INT8 = "builtin:all-minilm-l6-v2-q";

  Runner runner;

  @BeforeEach
  void open() {
    runner = Runner.memory();
  }

  @AfterEach
  void close() {
    runner.close();
  }

  TextColumn texts(List<String> texts) {
    Map<String, List<?>> data = new LinkedHashMap<>();
    data.put("text", new ArrayList<>(texts));
    return runner.fromInlineDataset(data).colText("text");
  }

  static ImmutableLLMLayerActivationsOp.Builder op(String model, PromptColumn text, int layer, TokenMode mode) {
    return ImmutableLLMLayerActivationsOp.builder().modelName(model).text(text).layerNum(layer).tokenMode(mode)
        .batchSize(4).maxLength(128);
  }

  /** The op's result as rows of floats, null rows as null; checks the column's name and type. */
  float[][] vectors(LLMLayerActivationsOp op) {
    return vectors(op, FloatingPointPrecision.SINGLE);
  }

  /** As {@link #vectors(LLMLayerActivationsOp)}, for elements of type {@code element}. */
  float[][] vectors(LLMLayerActivationsOp op, FloatingPointPrecision element) {
    return VectorResults.rows(runner, op, element);
  }

  /** A conversation column of {@code conversations} (null rows allowed). */
  PromptColumn conversations(List<?> conversations) {
    Map<String, List<?>> data = new LinkedHashMap<>();
    data.put("chat", new ArrayList<>(conversations));
    return runner.fromInlineDataset(data).colConversation("chat");
  }

  /**
   * A {@code token_mode="all"} result: per row, one vector per token (null rows as null); checks
   * the column's name and its type {@code List<FixedSizeList<element>[hidden]>}.
   */
  float[][][] tokenVectors(LLMLayerActivationsOp op, FloatingPointPrecision element) {
    try (VectorSchemaRoot table = runner.toArrow(op)) {
      assertEquals(1, table.getFieldVectors().size());
      ListVector column = (ListVector) table.getVector(0);
      assertEquals(op.uuid(), column.getName());
      FixedSizeListVector tokens = (FixedSizeListVector) column.getDataVector();
      assertEquals(new ArrowType.FloatingPoint(element), tokens.getField().getChildren().get(0).getType());
      FloatingPointVector values = (FloatingPointVector) tokens.getDataVector();
      int size = tokens.getListSize();
      float[][][] rows = new float[table.getRowCount()][][];
      for (int i = 0; i < rows.length; i++) {
        if (!column.isNull(i)) {
          int start = column.getElementStartIndex(i);
          rows[i] = new float[column.getElementEndIndex(i) - start][size];
          for (int t = 0; t < rows[i].length; t++) {
            for (int k = 0; k < size; k++) {
              rows[i][t][k] = (float) values.getValueAsDouble((start + t) * size + k);
            }
          }
        }
      }
      return rows;
    }
  }

  /** {@code texts} tokenized by {@code model}'s tokenizer, truncated to {@code maxLength}. */
  static List<LayerActivations.Tokens> tokenize(OnnxModel model, int maxLength, List<String> texts) throws Exception {
    try (HuggingFaceTokenizer tokenizer = model.tokenizer(maxLength)) {
      return LayerActivations.tokenize(tokenizer, texts);
    }
  }

  /** Each prompt run alone through {@code session}'s {@code output}, pooled. */
  static float[][] alone(OnnxModel model, OrtSession session, String output, List<String> texts, TokenMode mode)
      throws Exception {
    List<LayerActivations.Tokens> tokens = tokenize(model, 128, texts);
    float[][] rows = new float[texts.size()][];
    for (int i = 0; i < rows.length; i++) {
      LayerActivations.States states = LayerActivations.forward(session, List.of(tokens.get(i)), output);
      rows[i] = TokenPooling.pool(states, 0, tokens.get(i).length(), mode);
    }
    return rows;
  }

  static void assertClose(float[][] expected, float[][] actual, double tolerance) {
    VectorResults.assertClose(expected, actual, tolerance);
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int k = 0; k < a.length; k++) {
      dot += a[k] * b[k];
      na += a[k] * a[k];
      nb += b[k] * b[k];
    }
    return dot / Math.sqrt(na * nb);
  }

  void assertFails(OpSpec op, String... parts) {
    OpFailedException e = assertThrows(OpFailedException.class, () -> runner.materialize(op));
    assertTrue(e.getMessage().startsWith(op.wireName() + " " + op.uuid()), e.getMessage());
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), () -> "expected \"" + part + "\" in: " + e.getMessage());
    }
  }
}
