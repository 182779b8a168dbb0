package krnel.graph;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import krnel.graph.GraphJson.NodeCheck;
import krnel.graph.GraphJson.Status;
import krnel.ops.ClassifierEvaluationOp;
import krnel.ops.GroupedOp;
import krnel.ops.ImmutableGroupedOp;
import krnel.ops.ImmutableLoadInlineJsonDatasetOp;
import krnel.ops.ImmutableLoadLocalParquetDatasetOp;
import krnel.ops.ImmutableTakeRowsOp;
import krnel.ops.LLMLayerActivationsOp.TokenMode;
import krnel.ops.LoadInlineJsonDatasetOp;
import krnel.ops.LoadLocalParquetDatasetOp;
import krnel.ops.TakeRowsOp;
import krnel.ops.TrainClassifierOp.Preprocessing;
import krnel.types.BooleanColumn;
import krnel.types.Dataset;
import krnel.types.ScoreColumn;
import krnel.types.TextColumn;
import krnel.types.VectorColumn;
import org.junit.jupiter.api.Test;

class GraphJsonTest {
  /** The golden graph (see graphs/make_python_graph.py): its two outputs and its nodes in pre-order. */
  static final String CE85 = "ClassifierEvaluationOp_ce85e0958267f3ead93c427883c77da50ac556639950f8dca79ca405d9566f83";
  static final String PARQUET = "LoadLocalParquetDatasetOp_9a7750a83f96b5d9a00f1bd48bcdc0b6dbf611f85b6956fb4158598c42f496d0";
  static final String INLINE = "LoadInlineJsonDatasetOp_7af9eb829ab7033816ca4e7ccf4b45fb4a3f70c2a5d6112f892e5dd83f5c0aa1";
  static final String TEXT = "SelectTextColumnOp_6155704a08630afd261d35408eb2fd3bdf3a5e4d2f367f13457ffd7eb1572c48";
  static final String SPLIT = "SelectTrainTestSplitColumnOp_40dfabbf4e4af3785a6ced204e9bbbe5c6e5b9b78d1ef34c04880ec823658b34";
  static final String ACTIVATIONS = "LLMLayerActivationsOp_7c9ea4db5656000fda633513aefa7ca0abc64a4581edea3b8d3a9ff8591bbf4f";
  static final List<String> PYTHON_NODES = List.of(
      CE85,
      "ClassifierPredictOp_b226c6056c7c436edafa99df648e832fc844e7770e38f082f74af59dcf1cb4de",
      "TrainClassifierOp_5efba75c035b22103ad31dd422619799d19e7f81f6c644e40a31bace4d037247",
      ACTIVATIONS,
      TEXT,
      INLINE,
      "SelectBooleanColumnOp_2edb0b0699e88a04efb62958a2c717a30ca77fc78b929c114fa68f2b9b9a61d2",
      "BooleanLogicOp_2c9ca43b550293ee118aefa97c7ed8f04491ed4ec83732cb517adaf2b82680b3",
      SPLIT,
      PARQUET);

  static String resource(String name) throws IOException {
    try (InputStream in = GraphJsonTest.class.getResourceAsStream("/graphs/" + name)) {
      assertNotNull(in, "missing test resource graphs/" + name);
      return new String(in.readAllBytes(), UTF_8);
    }
  }

  static String pythonGraph() throws IOException {
    return resource("python_ce85_graph.json");
  }

  static ObjectNode tree(String json) {
    return (ObjectNode) GraphJson.parse(json);
  }

  static ObjectNode node(ObjectNode graph, String uuid) {
    return (ObjectNode) graph.get("nodes").get(uuid);
  }

  /** Appendix A's dataset, columns in the generator's order. */
  static LoadInlineJsonDatasetOp goldenDataset() {
    Map<String, List<Object>> data = new LinkedHashMap<>();
    data.put("text", List.of("h\u00e9llo", "b"));
    data.put("y", List.of(true, false));
    data.put("v", List.of(List.of(0.5, 1), List.of(2.0, -3)));
    data.put("n", Arrays.asList(1, null));
    return ImmutableLoadInlineJsonDatasetOp.builder().data(data).build();
  }

  /** {@code p.evaluate(gt_positives=y, gt_negatives=~y, split=ds.col_train_test_split('s'), predict_domain=y, score_threshold=0.5)}. */
  static ClassifierEvaluationOp goldenEvaluation() {
    Dataset ds = goldenDataset();
    BooleanColumn y = ds.colBoolean("y");
    VectorColumn x = ds.colText("text").llmLayerActivations("hf:gpt2", -1, o -> o.tokenMode(TokenMode.LAST).batchSize(8));
    ScoreColumn p = x.trainClassifier("logistic_regression", y).predict(x);
    return p.evaluate(y, o -> o.split(ds.colTrainTestSplit("s")).predictDomain(y).scoreThreshold(0.5));
  }

  static LoadLocalParquetDatasetOp parquet(String path) {
    return ImmutableLoadLocalParquetDatasetOp.builder().contentHash("0".repeat(64)).filePath(path).build();
  }

  // ------------------------------------------------------------------ interop with Python

  @Test
  void writesWhatPythonWritesForTheGoldenGraph() throws IOException {
    ClassifierEvaluationOp evaluation = goldenEvaluation();
    assertEquals(CE85, evaluation.uuid());
    assertEquals(resource("python_ce85_graph.indent2.json"), GraphJson.write(evaluation, parquet("/data/x.parquet")));
  }

  @Test
  void readsGraphWrittenByPython() throws IOException {
    List<OpSpec> outputs = GraphJson.read(pythonGraph());

    assertEquals(List.of(CE85, PARQUET), outputs.stream().map(OpSpec::uuid).toList());
    assertEquals(goldenEvaluation(), outputs.get(0));
    assertEquals("/data/x.parquet", ((LoadLocalParquetDatasetOp) outputs.get(1)).filePath());
    List<String> rebuilt = new ArrayList<>();
    GraphJsonWriter.preOrder(outputs).forEach(op -> rebuilt.add(op.uuid()));
    assertEquals(PYTHON_NODES, rebuilt);
    assertEquals(resource("python_ce85_graph.indent2.json"), GraphJson.write(outputs));
  }

  @Test
  void verifiesEveryNodeOfGraphWrittenByPython() throws IOException {
    List<NodeCheck> checks = GraphJson.verify(pythonGraph(), OpCatalogue.load());

    assertEquals(PYTHON_NODES, checks.stream().map(NodeCheck::uuid).toList());
    for (NodeCheck check : checks) {
      assertEquals(Status.OK, check.status(), check.uuid());
      assertEquals(check.uuid(), check.rebuilt().uuid());
      assertEquals(check.uuid().substring(0, check.uuid().indexOf('_')), check.type());
      assertNull(check.detail());
    }
  }

  // ------------------------------------------------------------------ writing

  @Test
  void writesNodesInPreOrderWithEveryFieldAndInputsAsUuids() {
    Dataset ds = ImmutableLoadInlineJsonDatasetOp.builder().data(Map.of("t", List.of("a"))).build();
    TextColumn t = ds.colText("t");
    BooleanColumn y = ds.colBoolean("t");
    GroupedOp group = ImmutableGroupedOp.builder().ops(List.of(t, y)).build();

    String json = GraphJson.write(group, y);

    String expected = "{\n"
        + "  \"outputs\": [\n"
        + "    \"" + group.uuid() + "\",\n"
        + "    \"" + y.uuid() + "\"\n"
        + "  ],\n"
        + "  \"nodes\": {\n"
        + "    \"" + group.uuid() + "\": {\n"
        + "      \"type\": \"GroupedOp\",\n"
        + "      \"ops\": [\n"
        + "        \"" + t.uuid() + "\",\n"
        + "        \"" + y.uuid() + "\"\n"
        + "      ]\n"
        + "    },\n"
        + "    \"" + t.uuid() + "\": {\n"
        + "      \"type\": \"SelectTextColumnOp\",\n"
        + "      \"column_name\": \"t\",\n"
        + "      \"dataset\": \"" + ds.uuid() + "\"\n"
        + "    },\n"
        + "    \"" + ds.uuid() + "\": {\n"
        + "      \"type\": \"LoadInlineJsonDatasetOp\",\n"
        + "      \"data\": {\n"
        + "        \"t\": [\n"
        + "          \"a\"\n"
        + "        ]\n"
        + "      }\n"
        + "    },\n"
        + "    \"" + y.uuid() + "\": {\n"
        + "      \"type\": \"SelectBooleanColumnOp\",\n"
        + "      \"column_name\": \"t\",\n"
        + "      \"dataset\": \"" + ds.uuid() + "\"\n"
        + "    }\n"
        + "  }\n"
        + "}";
    assertEquals(expected, json);
  }

  @Test
  void writesEnumsByTheirWireNamesAndMapInputsAsUuidObjects() {
    Dataset ds = goldenDataset();
    ScoreColumn n = ds.colScore("n");
    TextColumn t = ds.colText("text");
    OpSpec ratio = n.div(n);
    OpSpec template = ds.template("{{t}} {{k}}", Map.of("t", t, "k", 3));
    OpSpec probe = ds.colVector("v").trainClassifier("logistic_regression", ds.colBoolean("y"),
        o -> o.preprocessing(Preprocessing.STANDARDIZE));

    JsonNode nodes = tree(GraphJson.write(ratio, template, probe)).get("nodes");

    assertEquals("/", nodes.get(ratio.uuid()).get("operation").textValue());
    assertEquals("standardize", nodes.get(probe.uuid()).get("preprocessing").textValue());
    assertEquals("not", nodes.get(((OpSpec) probe.dependencies().get(2)).uuid()).get("operation").textValue());
    JsonNode context = nodes.get(template.uuid()).get("context");
    assertEquals(t.uuid(), context.get("t").textValue());
    assertEquals(3, nodes.get(template.uuid()).get("constants").get("k").intValue());
  }

  @Test
  void writesEveryOutputListedAndEachNodeOnce() {
    Dataset ds = goldenDataset();
    JsonNode graph = tree(GraphJson.write(ds, ds.colText("text"), ds));

    assertEquals(3, graph.get("outputs").size());
    assertEquals(2, graph.get("nodes").size());
    assertEquals(ds.uuid(), graph.get("nodes").fieldNames().next());
    assertEquals("{\n  \"outputs\": [],\n  \"nodes\": {}\n}", GraphJson.write(List.of()));
    assertEquals(List.of(), GraphJson.read(GraphJson.write(List.of())));
  }

  // ------------------------------------------------------------------ round trips

  @Test
  void roundTripKeepsUuidsAndValues() {
    Dataset ds = goldenDataset();
    TextColumn t = ds.colText("text");
    BooleanColumn y = ds.colBoolean("y");
    VectorColumn x = t.llmLayerActivations("hf:gpt2", 3, o -> o.tokenMode(TokenMode.MEAN).maxLength(64).dtype("float32"));
    List<OpSpec> outputs = List.of(
        goldenEvaluation(),
        ImmutableGroupedOp.builder().ops(List.of(t, y, y.not(), y.and(y).xor(y.or(y)))).build(),
        ds.template("  Hi {{t}} {{k}} {{f}}\n", Map.of("t", t, "k", 3, "f", 0.5), o -> o.maxLength(10)),
        x.trainClassifier("rbf_svc", y, o -> o.preprocessing(Preprocessing.NORMALIZE).trainDomain(y)
            .params(Map.of("C", 0.01, "gamma", "scale", "nested", List.of(1, 2.5, Map.of("deep", true))))),
        t.llmLogitScores("hf:x", List.of("safe", 7)),
        ds.assignTrainTestSplit(o -> o.testSize(1)),
        ds.assignTrainTestSplit(o -> o.testSize(1.0)),
        ds.colScore("n").minus(ds.colVector("v").col(1)).times(ds.colScore("n")),
        ds.colCategorical("text").isIn(List.of("b", "a")),
        ImmutableTakeRowsOp.builder().dataset(parquet("/elsewhere.parquet")).skip(2).offset(1).build());

    String json = GraphJson.write(outputs);
    List<OpSpec> read = GraphJson.read(json);

    assertEquals(outputs.stream().map(OpSpec::uuid).toList(), read.stream().map(OpSpec::uuid).toList());
    assertEquals(outputs, read);
    List<OpSpec> all = Graph.allOps(outputs);
    List<OpSpec> allRead = Graph.allOps(read);
    assertEquals(all, allRead);
    for (int i = 0; i < all.size(); i++) {
      assertEquals(all.get(i).parameters(), allRead.get(i).parameters(), all.get(i).uuid());
      assertEquals(all.get(i).toCode(), allRead.get(i).toCode());
    }
    assertNotEquals(read.get(5).uuid(), read.get(6).uuid(), "int and float test_size hash apart");
    assertEquals(json, GraphJson.write(read));
  }

  @Test
  void readKeepsFieldsExcludedFromTheUuid() {
    LoadLocalParquetDatasetOp here = parquet("/data/here.parquet");
    LoadLocalParquetDatasetOp there = parquet("/data/there.parquet");
    assertEquals(here.uuid(), there.uuid());

    String json = GraphJson.write(here.colText("text"));
    assertTrue(json.contains("\"file_path\": \"/data/here.parquet\""), json);
    OpSpec read = GraphJson.read(json).get(0);

    LoadLocalParquetDatasetOp dataset = (LoadLocalParquetDatasetOp) read.dependencies().get(0);
    assertEquals("/data/here.parquet", dataset.filePath());
    assertEquals(PARQUET, dataset.uuid());
  }

  @Test
  void readsNumbersAsIntegerLongBigIntegerOrDouble() {
    Map<String, List<Object>> data = new LinkedHashMap<>();
    data.put("ints", List.of(5, 1L << 31, BigInteger.TWO.pow(70), -(1L << 40)));
    data.put("floats", List.of(1.0, 1e-5, 1e16, 0.1 + 0.2, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0));
    LoadInlineJsonDatasetOp op = ImmutableLoadInlineJsonDatasetOp.builder().data(data).build();

    String json = GraphJson.write(op);
    assertTrue(json.contains("1180591620717411303424,"), json);
    assertTrue(json.contains("1e-05,"), json);
    assertTrue(json.contains("NaN,\n"), json);
    assertTrue(json.contains("-Infinity,\n"), json);
    LoadInlineJsonDatasetOp read = (LoadInlineJsonDatasetOp) GraphJson.read(json).get(0);

    assertEquals(op.uuid(), read.uuid());
    List<Object> ints = read.data().get("ints");
    assertEquals(List.of(5, 1L << 31, BigInteger.TWO.pow(70), -(1L << 40)), ints);
    assertInstanceOf(Integer.class, ints.get(0));
    assertInstanceOf(Long.class, ints.get(1));
    assertInstanceOf(BigInteger.class, ints.get(2));
    assertInstanceOf(Long.class, ints.get(3));
    assertEquals(data.get("floats"), read.data().get("floats"));
    read.data().get("floats").forEach(f -> assertInstanceOf(Double.class, f));
  }

  @Test
  void readsUnicodeEscapesAsPythonWritesThem() {
    LoadInlineJsonDatasetOp op = ImmutableLoadInlineJsonDatasetOp.builder()
        .data(Map.of("s", List.of("h\u00e9llo \u2603 \ud83d\ude00", "tab\tquote\"slash\\"))).build();
    String json = GraphJson.write(op);
    assertTrue(json.contains("\"h\\u00e9llo \\u2603 \\ud83d\\ude00\""), json);
    assertEquals(op.data(), ((LoadInlineJsonDatasetOp) GraphJson.read(json).get(0)).data());
  }

  @Test
  void readSharesOneOpPerNode() throws IOException {
    ClassifierEvaluationOp evaluation = (ClassifierEvaluationOp) GraphJson.read(pythonGraph()).get(0);
    assertSame(evaluation.gtPositives(), evaluation.predictDomain());
  }

  @Test
  void readDoesNotModifyTheTree() throws IOException {
    ObjectNode graph = tree(pythonGraph());
    JsonNode before = graph.deepCopy();

    GraphJson.read(graph);
    GraphJson.read(graph);
    GraphJson.verify(graph, OpCatalogue.load());

    assertEquals(before, graph);
    assertEquals(before.toString(), graph.toString());
  }

  // ------------------------------------------------------------------ tolerances

  @Test
  void unknownExtraFieldsAreIgnored() throws IOException {
    ObjectNode graph = tree(pythonGraph());
    node(graph, TEXT).put("added_later", "ignored");
    node(graph, CE85).putObject("notes").put("by", "someone");

    List<OpSpec> read = GraphJson.read(graph);

    assertEquals(List.of(CE85, PARQUET), read.stream().map(OpSpec::uuid).toList());
  }

  @Test
  void missingFieldWithDefaultTakesTheDefault() throws IOException {
    ObjectNode graph = tree(pythonGraph());
    node(graph, ACTIVATIONS).remove(List.of("device", "torch_compile", "apply_chat_template"));

    assertEquals(CE85, GraphJson.read(graph).get(0).uuid());
  }

  @Test
  void missingFieldWithoutDefaultIsAnErrorNamingTheNode() throws IOException {
    ObjectNode graph = tree(pythonGraph());
    node(graph, TEXT).remove("column_name");

    GraphFormatException e = assertThrows(GraphFormatException.class, () -> GraphJson.read(graph));

    assertTrue(e.getMessage().startsWith("Node " + TEXT + " (SelectTextColumnOp) cannot be rebuilt: "), e.getMessage());
    assertTrue(e.getMessage().contains("column_name is required"), e.getMessage());
    assertInstanceOf(OpValidationException.class, e.getCause());
  }

  @Test
  void valueTheOpRejectsIsAnErrorNamingTheNodeAndField() throws IOException {
    ObjectNode graph = tree(pythonGraph());
    node(graph, ACTIVATIONS).put("batch_size", "eight");

    GraphFormatException e = assertThrows(GraphFormatException.class, () -> GraphJson.read(graph));

    assertTrue(e.getMessage().contains(ACTIVATIONS), e.getMessage());
    assertTrue(e.getMessage().contains("batch_size"), e.getMessage());
  }

  // ------------------------------------------------------------------ uuid mismatches

  @Test
  void changedValueUnderTheSameKeyIsAMismatchWithADiff() throws IOException {
    ObjectNode graph = tree(pythonGraph());
    node(graph, TEXT).put("column_name", "label");
    String rebuilt = goldenDataset().colText("label").uuid();

    UuidMismatchException e = assertThrows(UuidMismatchException.class, () -> GraphJson.read(graph));

    assertEquals(TEXT, e.savedUuid());
    assertEquals(rebuilt, e.rebuiltUuid());
    String diff = "--- Previous (saved) " + TEXT + "\n"
        + "+++ New (reconstructed) " + rebuilt + "\n"
        + "@@ -1,4 +1,4 @@\n"
        + "-\"" + TEXT + "\": {\n"
        + "+\"" + rebuilt + "\": {\n"
        + "   \"type\": \"SelectTextColumnOp\",\n"
        + "   \"column_name\": \"label\",\n"
        + "   \"dataset\": \"" + INLINE + "\"";
    assertEquals("UUID mismatch on reserialized node:\n" + diff + "\nThe definition of SelectTextColumnOp has changed"
        + " since the graph was serialized (fields added or removed, default values changed, etc),"
        + " or the node was edited after it was saved.", e.getMessage());
  }

  @Test
  void mismatchDiffShowsFieldsTheRebuiltOpAddsAndDrops() throws IOException {
    // As if saved by an older definition: no "device" field yet, and a field since removed.
    ObjectNode python = tree(pythonGraph());
    ObjectNode old = node(python, ACTIVATIONS).deepCopy();
    old.remove("device");
    old.put("legacy", 1);
    ObjectNode graph = tree("{\"outputs\": [\"LLMLayerActivationsOp_old\"], \"nodes\": {}}");
    ((ObjectNode) graph.get("nodes")).set("LLMLayerActivationsOp_old", old);
    ((ObjectNode) graph.get("nodes")).set(TEXT, node(python, TEXT));
    ((ObjectNode) graph.get("nodes")).set(INLINE, node(python, INLINE));

    UuidMismatchException e = assertThrows(UuidMismatchException.class, () -> GraphJson.read(graph));

    assertEquals(ACTIVATIONS, e.rebuiltUuid());
    String message = e.getMessage();
    assertTrue(message.contains("\n-\"LLMLayerActivationsOp_old\": {\n+\"" + ACTIVATIONS + "\": {\n"), message);
    assertTrue(message.contains("\n   \"dtype\": null,\n+  \"device\": \"auto\",\n   \"torch_compile\": false,\n"), message);
    assertTrue(message.contains("\n-  \"apply_chat_template\": true,\n-  \"legacy\": 1\n+  \"apply_chat_template\": true\n }"), message);
  }

  // ------------------------------------------------------------------ graph errors

  @Test
  void unknownTypeSaysTheModuleMayBeMissing() throws IOException {
    ObjectNode graph = tree(pythonGraph());
    node(graph, TEXT).put("type", "NoSuchOp");

    GraphFormatException e = assertThrows(GraphFormatException.class, () -> GraphJson.read(graph));

    assertTrue(e.getMessage().startsWith("Class with name NoSuchOp not found"), e.getMessage());
    assertTrue(e.getMessage().contains("(node " + TEXT + ")"), e.getMessage());
    assertTrue(e.getMessage().contains("may be missing from the classpath"), e.getMessage());
    assertInstanceOf(ClassNotFoundException.class, e.getCause());
  }

  @Test
  void readUsesTheGivenCatalogue() throws IOException {
    OpCatalogue empty = OpCatalogue.load(new ClassLoader(null) {});

    GraphFormatException e = assertThrows(GraphFormatException.class, () -> GraphJson.read(pythonGraph(), empty));

    assertTrue(e.getMessage().startsWith("Class with name ClassifierEvaluationOp not found"), e.getMessage());
  }

  @Test
  void missingNodeIsNamed() throws IOException {
    ObjectNode graph = tree(pythonGraph());
    ((ObjectNode) graph.get("nodes")).remove(INLINE);

    GraphFormatException e = assertThrows(GraphFormatException.class, () -> GraphJson.read(graph));

    assertTrue(e.getMessage().startsWith("Node with UUID " + INLINE + " not found in graph data."), e.getMessage());
    assertTrue(e.getMessage().contains("an input of " + TEXT + " (SelectTextColumnOp)"), e.getMessage());
  }

  @Test
  void missingOutputIsNamed() throws IOException {
    ObjectNode graph = tree(pythonGraph());
    ((ArrayNode) graph.get("outputs")).add("TakeRowsOp_nowhere");

    GraphFormatException e = assertThrows(GraphFormatException.class, () -> GraphJson.read(graph));

    assertEquals("Node with UUID TakeRowsOp_nowhere not found in graph data. (It is listed in \"outputs\".)", e.getMessage());
  }

  @Test
  void cycleIsDetected() {
    String json = "{\"outputs\": [\"A\"], \"nodes\": {"
        + "\"A\": {\"type\": \"SelectTextColumnOp\", \"column_name\": \"t\", \"dataset\": \"B\"},"
        + "\"B\": {\"type\": \"TakeRowsOp\", \"dataset\": \"C\"},"
        + "\"C\": {\"type\": \"TakeRowsOp\", \"dataset\": \"B\"}}}";

    GraphFormatException e = assertThrows(GraphFormatException.class, () -> GraphJson.read(json));

    assertEquals("Cycle detected in graph at node B", e.getMessage());
  }

  @Test
  void selfLoopIsACycle() {
    String json = "{\"outputs\": [\"A\"], \"nodes\": {\"A\": {\"type\": \"TakeRowsOp\", \"dataset\": \"A\"}}}";

    GraphFormatException e = assertThrows(GraphFormatException.class, () -> GraphJson.verify(json, OpCatalogue.load()));

    assertEquals("Cycle detected in graph at node A", e.getMessage());
  }

  @Test
  void unreachableNodesAreListed() throws IOException {
    ObjectNode graph = tree(pythonGraph());
    ObjectNode nodes = (ObjectNode) graph.get("nodes");
    nodes.set("Orphan_1", nodes.get(TEXT).deepCopy());
    nodes.set("Orphan_2", nodes.get(INLINE).deepCopy());

    GraphFormatException e = assertThrows(GraphFormatException.class, () -> GraphJson.read(graph));

    assertTrue(e.getMessage().startsWith("Unreachable nodes in graph: [Orphan_1, Orphan_2]"), e.getMessage());
  }

  @Test
  void malformedGraphsAreExplained() {
    String ok = "\"type\": \"LoadLocalParquetDatasetOp\", \"content_hash\": \"x\", \"file_path\": \"p\"";
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("{\"outputs\": [", "Graph JSON is not valid JSON: ");
    cases.put("", "Graph JSON is empty");
    cases.put("{} {}", "Graph JSON is not valid JSON: ");
    cases.put("[1, 2]", "Graph JSON must be an object {\"outputs\": [uuid, ...], \"nodes\": {uuid: {...}}}, got array [1,2]");
    cases.put("{\"nodes\": {}}", "Graph JSON \"outputs\" must be a list of op uuids, got nothing");
    cases.put("{\"outputs\": \"A\", \"nodes\": {}}", "Graph JSON \"outputs\" must be a list of op uuids, got string \"A\"");
    cases.put("{\"outputs\": [\"A\", 7], \"nodes\": {}}", "Graph JSON \"outputs\" must be a list of op uuids; entry 1 is number 7");
    cases.put("{\"outputs\": []}", "Graph JSON \"nodes\" must be an object from uuid to node, got nothing");
    cases.put("{\"outputs\": [], \"nodes\": []}", "Graph JSON \"nodes\" must be an object from uuid to node, got array []");
    cases.put("{\"outputs\": [\"A\"], \"nodes\": {\"A\": 3}}", "Node A must be a JSON object, got number 3");
    cases.put("{\"outputs\": [\"A\"], \"nodes\": {\"A\": {\"content_hash\": \"x\"}}}", "Node A has no \"type\"");
    cases.put("{\"outputs\": [\"A\"], \"nodes\": {\"A\": {\"type\": 5}}}", "Node A has no \"type\" (the wire name of its op class, e.g. \"SelectTextColumnOp\"), got number 5");
    cases.put("{\"outputs\": [\"A\"], \"nodes\": {\"A\": {\"type\": \"TakeRowsOp\", \"dataset\": 5}}}",
        "Node A (TakeRowsOp): input field dataset must hold the uuid string of an op, got number 5");
    cases.put("{\"outputs\": [\"A\"], \"nodes\": {\"A\": {\"type\": \"TakeRowsOp\", \"dataset\": {\"type\": \"LoadLocalParquetDatasetOp\"}}}}",
        "Node A (TakeRowsOp): input field dataset must hold the uuid string of an op, got object {\"type\":\"LoadLocalParquetDatasetOp\"}");
    cases.put("{\"outputs\": [\"A\"], \"nodes\": {\"A\": {\"type\": \"GroupedOp\", \"ops\": \"B\"}, \"B\": {" + ok + "}}}",
        "Node A (GroupedOp): input field ops must hold a list of op uuids, got string \"B\"");
    cases.put("{\"outputs\": [\"A\"], \"nodes\": {\"A\": {\"type\": \"GroupedOp\", \"ops\": [\"B\", null]}, \"B\": {" + ok + "}}}",
        "Node A (GroupedOp): input field ops[1] must hold the uuid string of an op, got null");
    cases.put("{\"outputs\": [\"A\"], \"nodes\": {\"A\": {\"type\": \"JinjaTemplatizeOp\", \"template\": \"\", \"context\": [\"B\"]}}}",
        "Node A (JinjaTemplatizeOp): input field context must hold an object of op uuids, got array [\"B\"]");
    cases.put("{\"outputs\": [\"A\"], \"nodes\": {\"A\": {\"type\": \"JinjaTemplatizeOp\", \"template\": \"\", \"context\": {\"t\": 1}}}}",
        "Node A (JinjaTemplatizeOp): input field context[\"t\"] must hold the uuid string of an op, got number 1");
    cases.forEach((json, expected) -> {
      GraphFormatException e = assertThrows(GraphFormatException.class, () -> GraphJson.read(json), json);
      assertTrue(e.getMessage().startsWith(expected), json + "\n gave: " + e.getMessage());
    });
  }

  // ------------------------------------------------------------------ verify

  @Test
  void verifyReportsEachNodeAndSkipsThoseAboveAFailure() throws IOException {
    ObjectNode graph = tree(pythonGraph());
    node(graph, SPLIT).put("column_name", "t");
    node(graph, ACTIVATIONS).put("batch_size", "eight");

    List<NodeCheck> checks = GraphJson.verify(graph, OpCatalogue.load());

    Map<String, NodeCheck> byUuid = new LinkedHashMap<>();
    checks.forEach(check -> byUuid.put(check.uuid(), check));
    assertEquals(PYTHON_NODES, List.copyOf(byUuid.keySet()));

    NodeCheck split = byUuid.get(SPLIT);
    assertEquals(Status.MISMATCH, split.status());
    assertEquals(goldenDataset().colTrainTestSplit("t").uuid(), split.rebuilt().uuid());
    assertTrue(split.detail().startsWith("--- Previous (saved) " + SPLIT + "\n+++ New (reconstructed) "), split.detail());

    NodeCheck activations = byUuid.get(ACTIVATIONS);
    assertEquals(Status.INVALID, activations.status());
    assertTrue(activations.detail().contains("batch_size"), activations.detail());
    assertNull(activations.rebuilt());

    // The evaluation needs the split; the predictor and the trainer need the activations.
    assertEquals(new NodeCheck(CE85, "ClassifierEvaluationOp", Status.SKIPPED, PYTHON_NODES.get(1), null), byUuid.get(CE85));
    assertEquals(Status.SKIPPED, byUuid.get(PYTHON_NODES.get(1)).status());
    assertEquals(ACTIVATIONS, byUuid.get(PYTHON_NODES.get(2)).detail());
    for (String ok : List.of(TEXT, INLINE, PYTHON_NODES.get(6), PYTHON_NODES.get(7), PARQUET)) {
      assertTrue(byUuid.get(ok).ok(), ok);
    }
  }

  // ------------------------------------------------------------------ depth

  @Test
  void deepChainWritesAndReadsWithoutRecursion() {
    int depth = 100_000;
    Dataset op = goldenDataset();
    for (int i = 0; i < depth; i++) {
      op = ImmutableTakeRowsOp.builder().dataset(op).offset(i).build();
    }
    JsonNode graph = GraphJson.parse(GraphJson.write(op));

    List<OpSpec> read = GraphJson.read(graph);

    assertEquals(op.uuid(), read.get(0).uuid());
    List<OpSpec> all = Graph.allOps(read);
    assertEquals(depth + 1, all.size());
    assertEquals(0, ((TakeRowsOp) all.get(1)).offset());
    List<NodeCheck> checks = GraphJson.verify(graph, OpCatalogue.load());
    assertEquals(depth + 1, checks.size());
    assertTrue(checks.stream().allMatch(NodeCheck::ok));
    assertEquals(op.uuid(), checks.get(0).uuid());
  }
}
