package krnel.cli;

import static krnel.cli.CliRun.assertNoStackTrace;
import static krnel.cli.CliRun.krnel;
import static krnel.cli.CliRun.pythonGraph;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
  static final String CE85 = "ClassifierEvaluationOp_ce85e0958267f3ead93c427883c77da50ac556639950f8dca79ca405d9566f83";
  static final String PREDICT = "ClassifierPredictOp_b226c6056c7c436edafa99df648e832fc844e7770e38f082f74af59dcf1cb4de";
  static final String SPLIT = "SelectTrainTestSplitColumnOp_40dfabbf4e4af3785a6ced204e9bbbe5c6e5b9b78d1ef34c04880ec823658b34";
  /** The nodes of graphs/python_ce85_graph.json, in the order krnel-graph wrote them (pre-order). */
  static final List<String> NODES = List.of(
      CE85,
      PREDICT,
      "TrainClassifierOp_5efba75c035b22103ad31dd422619799d19e7f81f6c644e40a31bace4d037247",
      "LLMLayerActivationsOp_7c9ea4db5656000fda633513aefa7ca0abc64a4581edea3b8d3a9ff8591bbf4f",
      "SelectTextColumnOp_6155704a08630afd261d35408eb2fd3bdf3a5e4d2f367f13457ffd7eb1572c48",
      "LoadInlineJsonDatasetOp_7af9eb829ab7033816ca4e7ccf4b45fb4a3f70c2a5d6112f892e5dd83f5c0aa1",
      "SelectBooleanColumnOp_2edb0b0699e88a04efb62958a2c717a30ca77fc78b929c114fa68f2b9b9a61d2",
      "BooleanLogicOp_2c9ca43b550293ee118aefa97c7ed8f04491ed4ec83732cb517adaf2b82680b3",
      SPLIT,
      "LoadLocalParquetDatasetOp_9a7750a83f96b5d9a00f1bd48bcdc0b6dbf611f85b6956fb4158598c42f496d0");

  @TempDir Path dir;

  Path file(String json) throws IOException {
    return Files.writeString(dir.resolve("graph.json"), json);
  }

  @Test
  void verifiesGraphWrittenByPython() throws IOException {
    CliRun run = krnel("verify", file(pythonGraph()).toString());

    List<String> expected = new ArrayList<>();
    NODES.forEach(uuid -> expected.add(uuid + " ok"));
    assertEquals(0, run.code(), run.err());
    assertEquals(String.join(System.lineSeparator(), expected) + System.lineSeparator(), run.out());
    assertEquals("", run.err());
  }

  @Test
  void mismatchPrintsTheDiffAndFails() throws IOException {
    Path graph = file(pythonGraph().replace("\"column_name\": \"s\"", "\"column_name\": \"t\""));

    CliRun run = krnel("verify", graph.toString());

    assertEquals(1, run.code());
    assertTrue(run.out().contains(SPLIT + " MISMATCH: rebuilt as SelectTrainTestSplitColumnOp_"), run.out());
    assertTrue(run.out().contains("--- Previous (saved) " + SPLIT + "\n+++ New (reconstructed) SelectTrainTestSplitColumnOp_"), run.out());
    assertTrue(run.out().contains("\n-\"" + SPLIT + "\": {\n"), run.out());
    assertTrue(run.out().contains("\n   \"column_name\": \"t\",\n"), run.out());
    assertTrue(run.out().contains(CE85 + " skipped: its input " + SPLIT + " did not verify"), run.out());
    assertTrue(run.out().contains(PREDICT + " ok"), run.out());
    List<String> err = run.err().lines().toList();
    assertEquals(2, err.size(), run.err());
    assertEquals("error: 2 of 10 nodes of " + graph + " did not verify", err.get(0));
    assertTrue(err.get(1).startsWith("hint: "), run.err());
    assertNoStackTrace(run);
  }

  @Test
  void invalidNodeIsReported() throws IOException {
    CliRun run = krnel("verify", file(pythonGraph().replace("\"batch_size\": 8", "\"batch_size\": \"eight\"")).toString());

    assertEquals(1, run.code());
    assertTrue(run.out().contains("LLMLayerActivationsOp_7c9ea4db5656000fda633513aefa7ca0abc64a4581edea3b8d3a9ff8591bbf4f INVALID: "
        + "Node LLMLayerActivationsOp_7c9ea4db5656000fda633513aefa7ca0abc64a4581edea3b8d3a9ff8591bbf4f (LLMLayerActivationsOp)"
        + " cannot be rebuilt: LLMLayerActivationsOp.batch_size"), run.out());
    assertTrue(run.err().startsWith("error: 4 of 10 nodes"), run.err());
    assertNoStackTrace(run);
  }

  @Test
  void unknownTypeIsOneErrorLineAndAHint() throws IOException {
    Path graph = file(pythonGraph().replace("\"type\": \"BooleanLogicOp\"", "\"type\": \"NoSuchOp\""));

    CliRun run = krnel("verify", graph.toString());

    assertEquals(1, run.code());
    assertEquals("", run.out());
    List<String> err = run.err().lines().toList();
    assertEquals(2, err.size(), run.err());
    assertTrue(err.get(0).startsWith("error: Class with name NoSuchOp not found"), run.err());
    assertEquals("hint: put the jar that declares op NoSuchOp on the classpath"
        + " (ops are found through META-INF/services/krnel.graph.OpType)", err.get(1));
  }

  @Test
  void verboseAddsTheStackTrace() throws IOException {
    Path graph = file(pythonGraph().replace("\"type\": \"BooleanLogicOp\"", "\"type\": \"NoSuchOp\""));

    CliRun run = krnel("verify", "--verbose", graph.toString());

    assertEquals(1, run.code());
    assertTrue(run.err().startsWith("error: Class with name NoSuchOp not found"), run.err());
    assertTrue(run.err().contains("\tat krnel.graph.GraphJsonReader"), run.err());
    assertTrue(run.err().contains("Caused by: java.lang.ClassNotFoundException: NoSuchOp"), run.err());
  }

  @Test
  void graphErrorsAreOneErrorLineAndAHint() throws IOException {
    List<String[]> cases = List.of(
        new String[] {"{\"outputs\": [", "error: Graph JSON is not valid JSON: ", "hint: the file is not JSON"},
        new String[] {"[]", "error: Graph JSON must be an object", "hint: GRAPH.json must be graph JSON"},
        new String[] {pythonGraph().replace("\"" + SPLIT + "\": {", "\"Renamed_1\": {"),
            "error: Node with UUID " + SPLIT + " not found in graph data.", "hint: GRAPH.json must be graph JSON"},
        new String[] {"{\"outputs\": [], \"nodes\": {\"A\": {\"type\": \"TakeRowsOp\"}}}",
            "error: Unreachable nodes in graph: [A]", "hint: "},
        new String[] {"{\"outputs\": [\"A\"], \"nodes\": {\"A\": {\"type\": \"TakeRowsOp\", \"dataset\": \"A\"}}}",
            "error: Cycle detected in graph at node A", "hint: "});
    for (String[] c : cases) {
      CliRun run = krnel("verify", file(c[0]).toString());

      assertEquals(1, run.code(), c[0]);
      List<String> err = run.err().lines().toList();
      assertEquals(2, err.size(), run.err());
      assertTrue(err.get(0).startsWith(c[1]), run.err());
      assertTrue(err.get(1).startsWith(c[2]), run.err());
      assertNoStackTrace(run);
    }
  }

  @Test
  void missingFileIsAnError() {
    Path missing = dir.resolve("nowhere.json");

    CliRun run = krnel("verify", missing.toString());

    assertEquals(1, run.code());
    assertEquals("error: cannot read " + missing + ": no such file\nhint: check the path\n", run.err().replace(System.lineSeparator(), "\n"));

    CliRun directory = krnel("verify", dir.toString());
    assertEquals(1, directory.code());
    assertTrue(directory.err().startsWith("error: cannot read " + dir + ": "), directory.err());
    assertTrue(directory.err().contains("\nhint: check the path and its permissions"), directory.err());
    assertNoStackTrace(directory);
  }

  @Test
  void usageErrorsExitWithTwo() {
    CliRun noFile = krnel("verify");
    assertEquals(2, noFile.code());
    assertTrue(noFile.err().contains("Missing required parameter: 'GRAPH.json'"), noFile.err());

    CliRun noCommand = krnel();
    assertEquals(2, noCommand.code());
    assertTrue(noCommand.err().contains("Missing required subcommand"), noCommand.err());
    assertTrue(noCommand.err().contains("verify"), noCommand.err());

    CliRun unknown = krnel("frobnicate");
    assertEquals(2, unknown.code());
  }

  @Test
  void helpAndVersion() {
    CliRun version = krnel("--version");
    assertEquals(0, version.code());
    assertEquals("krnel 0.1.0", version.out().strip());

    CliRun help = krnel("--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("Usage: krnel"), help.out());
    assertTrue(help.out().contains("verify"), help.out());

    CliRun verifyHelp = krnel("verify", "--help");
    assertEquals(0, verifyHelp.code());
    assertTrue(verifyHelp.out().contains("Usage: krnel verify [-hvV] GRAPH.json"), verifyHelp.out());
  }
}
