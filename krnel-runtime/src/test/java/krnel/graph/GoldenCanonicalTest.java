package krnel.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import krnel.ops.BooleanLogicOp;
import krnel.ops.ClassifierPredictOp;
import krnel.ops.ImmutableAssignRowIDOp;
import krnel.ops.ImmutableAssignTrainTestSplitOp;
import krnel.ops.ImmutableGroupedOp;
import krnel.ops.ImmutableLoadInlineJsonDatasetOp;
import krnel.ops.ImmutableLoadLocalParquetDatasetOp;
import krnel.ops.LLMLayerActivationsOp;
import krnel.ops.LoadInlineJsonDatasetOp;
import krnel.ops.TrainClassifierOp;
import krnel.ops.TrainClassifierOp.Preprocessing;
import krnel.types.BooleanColumn;
import krnel.types.CategoricalColumn;
import krnel.types.ScoreColumn;
import krnel.types.TextColumn;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every built-in op class, built through the Java API, must produce the reference's canonical JSON
 * and uuid byte for byte (resources/golden: 41 ops from the Python krnel-graph).
 */
class GoldenCanonicalTest {
  private static final LoadInlineJsonDatasetOp DS = ImmutableLoadInlineJsonDatasetOp.builder()
      .data(columns())
      .build();
  private static final TextColumn T = DS.colText("text");
  private static final CategoricalColumn C = DS.colCategorical("text");
  private static final BooleanColumn Y = DS.colBoolean("y");
  private static final ScoreColumn S = DS.colScore("n");
  private static final LLMLayerActivationsOp X =
      T.llmLayerActivations("hf:gpt2", -1, o -> o.tokenMode(LLMLayerActivationsOp.TokenMode.LAST).batchSize(8));
  private static final TrainClassifierOp CLF = X.trainClassifier("logistic_regression", Y);
  private static final ClassifierPredictOp P = CLF.predict(X);

  /** The constructions of the golden file, in its order. */
  private static final List<Supplier<OpSpec>> CONSTRUCTIONS = List.of(
      () -> DS,
      () -> ImmutableLoadLocalParquetDatasetOp.builder().contentHash("0".repeat(64)).filePath("/data/x.parquet").build(),
      () -> DS.colText("text"),
      () -> DS.colVector("v"),
      () -> DS.colConversation("c"),
      () -> DS.colJson("j"),
      () -> DS.colCategorical("text"),
      () -> DS.colTrainTestSplit("s"),
      () -> DS.colScore("n"),
      () -> DS.colBoolean("y"),
      () -> C.isIn("b", "a"),
      () -> C.notIn("z"),
      () -> C.isIn(List.of("a"), List.of("b")),
      () -> Y.and(Y),
      () -> Y.or(Y),
      () -> Y.xor(Y),
      () -> Y.not(),
      () -> S.plus(S),
      () -> S.div(S),
      () -> DS.colVector("v").col(1),
      () -> DS.take(10),
      () -> DS.take(o -> o.skip(2).offset(1)),
      () -> DS.maskRows(Y),
      () -> DS.assignTrainTestSplit(),
      () -> ImmutableAssignTrainTestSplitOp.builder().dataset(DS).build(),
      () -> DS.assignTrainTestSplit(o -> o.testSize(0.2)),
      () -> DS.assignTrainTestSplit(o -> o.testSize(1)),
      () -> DS.template("  Hi {{t}} {{k}} {{f}}\n", map("t", T, "k", 3, "f", 0.5)),
      () -> DS.template("{{t}}", map("t", T), o -> o.maxLength(10)),
      () -> T.parseJson(),
      () -> X,
      () -> T.llmLogitScores("hf:x", List.of("safe", 7), o -> o.batchSize(2).maxLength(64)),
      () -> T.llmGenerateText("hf:x"),
      () -> CLF,
      () -> X.trainClassifier("rbf_svc", Y, o -> o.negatives(Y.not()).trainDomain(Y)
          .preprocessing(Preprocessing.NORMALIZE).params(map("C", 0.01, "gamma", "scale"))),
      () -> P,
      () -> P.evaluate(Y),
      () -> P.evaluate(Y, o -> o.gtNegatives(Y.not()).split(DS.colTrainTestSplit("s")).predictDomain(Y).scoreThreshold(0.5)),
      () -> X.umapVis(),
      () -> ImmutableGroupedOp.builder().ops(List.of(T, Y)).build(),
      () -> ImmutableAssignRowIDOp.builder().dataset(DS).build());

  @TestFactory
  Stream<DynamicTest> everyGoldenOpHashesLikeTheReference() throws IOException {
    List<JsonNode> golden = readGolden();
    assertEquals(golden.size(), CONSTRUCTIONS.size(), "one construction per golden line");
    return IntStream.range(0, golden.size()).mapToObj(i -> {
      JsonNode line = golden.get(i);
      String uuid = line.get("uuid").asText();
      return DynamicTest.dynamicTest((i + 1) + ": " + uuid.substring(0, uuid.indexOf('_') + 9), () -> {
        OpSpec op = CONSTRUCTIONS.get(i).get();
        assertEquals(line.get("canonical").asText(), op.canonicalJson());
        assertEquals(uuid, op.uuid());
      });
    });
  }

  private static List<JsonNode> readGolden() throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        GoldenCanonicalTest.class.getResourceAsStream("/golden/golden-canonical.jsonl"), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(mapper.readTree(line));
      }
    }
    return lines;
  }

  private static Map<String, List<?>> columns() {
    Map<String, List<?>> columns = new LinkedHashMap<>();
    columns.put("text", List.of("héllo", "b"));
    columns.put("y", List.of(true, false));
    columns.put("v", List.of(List.of(0.5, 1), List.of(2.0, -3)));
    columns.put("n", Arrays.asList(1, null));
    return columns;
  }

  /** An insertion-ordered map that, unlike Map.of, keeps the order the reference wrote. */
  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
