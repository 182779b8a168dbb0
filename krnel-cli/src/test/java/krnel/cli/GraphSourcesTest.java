package krnel.cli;

import static java.util.stream.Collectors.toList;
import static krnel.cli.CliRun.assertNoStackTrace;
import static krnel.cli.CliRun.krnel;
import static krnel.cli.CliRun.pythonGraph;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import krnel.cli.testgraph.SmallGraph;
import krnel.cli.testgraph.StepImplementation;
import krnel.graph.OpSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where ops come from (-c, -f, -g, -u, the store) and the filters that select among them. */
class GraphSourcesTest {
  static final String SMALL = "krnel.cli.testgraph.SmallGraph";

  @TempDir Path dir;
  String store;

  @BeforeEach
  void setUp() {
    store = dir.resolve("store").toString();
    StepImplementation.RUNS.clear();
  }

  /** The uuids that {@code krnel status ARGS} lists, in order. */
  List<String> listed(String... args) {
    CliRun run = krnel(Stream.concat(Stream.of("status", "--store", store), Stream.of(args)).toArray(String[]::new));
    assertEquals(0, run.code(), run.err());
    return run.out().lines().filter(line -> !line.startsWith(" ")).map(line -> line.substring(0, line.indexOf(':'))).collect(toList());
  }

  static List<String> sorted(OpSpec... ops) {
    return Stream.of(ops).map(OpSpec::uuid).sorted().collect(toList());
  }

  @Test
  void classFieldsAreNamedOps() {
    assertEquals(sorted(SmallGraph.plusOne, SmallGraph.plusTwo), listed("-c", SMALL, "-s", "plus", "--no-deps"));
    assertEquals(sorted(SmallGraph.plusOne, SmallGraph.plusTwo, SmallGraph.base), listed("-c", SMALL, "-s", "plus", "-s", "base"));
    // ops inside a list are named by their path; private static fields count
    assertEquals(sorted(SmallGraph.step("extra-a", null, false), SmallGraph.step("extra-b", null, false)),
        listed("-c", SMALL, "-s", "extras["));
    // the ephemeral column is named; with deps, its dataset joins as text.dataset (it is also a field itself)
    assertEquals(sorted(SmallGraph.text, SmallGraph.mails), listed("-c", SMALL, "-t", "Select", "-t", "LoadInline"));
  }

  @Test
  void filtersCombine() {
    assertEquals(7, listed("-c", SMALL, "-t", "step").size());
    assertEquals(sorted(SmallGraph.step("extra-a", null, false)), listed("-c", SMALL, "-p", "EXTRA-A"));
    assertEquals(sorted(SmallGraph.broken), listed("-c", SMALL, "-S", ".fail(true)"));
    assertEquals(sorted(SmallGraph.plusTwo), listed("-c", SMALL, "-t", "StepOp", "-s", "plus", "-p", "two"));
    assertEquals(2, listed("-c", SMALL, "-n", "2").size());
    String part = SmallGraph.plusTwo.uuid().substring(10, 30);
    assertEquals(sorted(SmallGraph.plusTwo), listed("-c", SMALL, "-u", part));
  }

  @Test
  void stateFilterUsesTheStore() {
    assertEquals(0, krnel("run", "--store", store, "-c", SMALL, "-s", "plusOne").code());

    assertEquals(sorted(SmallGraph.base, SmallGraph.plusOne), listed("-c", SMALL, "--state", "completed"));
    assertEquals(sorted(SmallGraph.text), listed("-c", SMALL, "--state", "EPHEMERAL"));
  }

  @Test
  void uuidsAndTheWholeStore() {
    assertEquals(0, krnel("run", "--store", store, "-c", SMALL, "-s", "plusTwo").code());

    // without -f/-c/-g: the store's ops (the ephemeral ones never ran, so have no status)
    assertEquals(sorted(SmallGraph.base, SmallGraph.plusOne, SmallGraph.plusTwo), listed());
    // a whole uuid is read from the store, with its dependencies
    assertEquals(sorted(SmallGraph.base, SmallGraph.plusOne), listed("-u", SmallGraph.plusOne.uuid()));
    assertEquals(sorted(SmallGraph.plusOne), listed("-u", SmallGraph.plusOne.uuid(), "--no-deps"));

    String unknown = "StepOp_" + "0".repeat(64);
    CliRun missing = krnel("status", "--store", store, "-u", unknown);
    assertEquals(1, missing.code());
    assertEquals("error: no op " + unknown + " in the store " + store + "\n"
        + "hint: list the store's ops with `krnel status`, or choose the store with --store\n", missing.err());
  }

  @Test
  void nothingSelectedIsAnError() {
    java.nio.file.Path existing = java.nio.file.Path.of(store);
    assertTrue(existing.toFile().mkdirs() || existing.toFile().isDirectory());
    CliRun empty = krnel("status", "--store", store);
    assertEquals(1, empty.code());
    assertEquals("error: No ops found in the store " + store + ".\nhint: " + Selection.NO_OPS_HINT + "\n", empty.err());

    CliRun filtered = krnel("print", "--store", store, "-c", SMALL, "-t", "NoSuchType");
    assertEquals(1, filtered.code());
    assertTrue(filtered.err().startsWith("error: No ops found.\nhint: give a graph with -f Main.java"), filtered.err());

    CliRun noClass = krnel("status", "--store", store, "-c", "no.such.Graph");
    assertEquals(1, noClass.code());
    assertTrue(noClass.err().startsWith("error: class no.such.Graph on the classpath cannot be loaded"), noClass.err());
    assertTrue(noClass.err().contains("\nhint: give its full name (package included) and put its jar"), noClass.err());
    assertNoStackTrace(noClass);

    CliRun verbose = krnel("status", "--store", store, "-c", "no.such.Graph", "--verbose");
    assertTrue(verbose.err().startsWith("error: class no.such.Graph on the classpath cannot be loaded"), verbose.err());
    assertTrue(verbose.err().contains("Caused by: java.lang.ClassNotFoundException: no.such.Graph\n\tat "), verbose.err());

    CliRun badState = krnel("status", "--store", store, "--state", "done");
    assertEquals(2, badState.code());
    assertTrue(badState.err().contains("expected one of [NEW, PENDING, RUNNING, COMPLETED, FAILED, EPHEMERAL]"), badState.err());
  }

  @Test
  void graphWrittenByPython() throws IOException {
    Path graph = Files.writeString(dir.resolve("graph.json"), pythonGraph());

    // both outputs and every non-ephemeral dependency (BooleanLogicOp and the column selections are ephemeral)
    List<String> all = listed("-g", graph.toString());
    assertEquals(List.of(
        "ClassifierEvaluationOp_ce85e0958267f3ead93c427883c77da50ac556639950f8dca79ca405d9566f83",
        "ClassifierPredictOp_b226c6056c7c436edafa99df648e832fc844e7770e38f082f74af59dcf1cb4de",
        "LLMLayerActivationsOp_7c9ea4db5656000fda633513aefa7ca0abc64a4581edea3b8d3a9ff8591bbf4f",
        "LoadInlineJsonDatasetOp_7af9eb829ab7033816ca4e7ccf4b45fb4a3f70c2a5d6112f892e5dd83f5c0aa1",
        "LoadLocalParquetDatasetOp_9a7750a83f96b5d9a00f1bd48bcdc0b6dbf611f85b6956fb4158598c42f496d0",
        "TrainClassifierOp_5efba75c035b22103ad31dd422619799d19e7f81f6c644e40a31bace4d037247"), all);

    CliRun print = krnel("print", "--store", store, "-g", graph.toString(), "-t", "LLM");
    assertEquals(0, print.code(), print.err());
    assertTrue(print.out().contains(".llmLayerActivations(\"hf:gpt2\""), print.out());

    CliRun json = krnel("print", "--store", store, "-g", graph.toString(), "-t", "TrainClassifier", "--json");
    assertEquals(0, json.code(), json.err());
    assertTrue(json.out().startsWith("{\"uuid\":\"TrainClassifierOp_5efba75c"), json.out());
    assertTrue(json.out().contains("\"type\":\"TrainClassifierOp\",\"model_type\":\"logistic_regression\""), json.out());
  }

  @Test
  void badGraphFileIsAnErrorWithAHint() throws IOException {
    Path graph = Files.writeString(dir.resolve("graph.json"), pythonGraph().replace("\"type\": \"BooleanLogicOp\"", "\"type\": \"NoSuchOp\""));

    CliRun run = krnel("status", "--store", store, "-g", graph.toString());

    assertEquals(1, run.code());
    assertTrue(run.err().startsWith("error: " + graph + ": Class with name NoSuchOp not found"), run.err());
    assertTrue(run.err().contains("\nhint: put the jar that declares op NoSuchOp on the classpath"), run.err());
    assertNoStackTrace(run);
  }
}
