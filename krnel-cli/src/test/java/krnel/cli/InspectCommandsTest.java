package krnel.cli;

import static krnel.cli.CliRun.krnel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import krnel.cli.testgraph.SmallGraph;
import krnel.cli.testgraph.StepImplementation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** status, summary, print, diff, make-group and config. */
class InspectCommandsTest {
  static final String SMALL = GraphSourcesTest.SMALL;

  @TempDir Path dir;
  String store;

  @BeforeEach
  void setUp() {
    store = dir.resolve("store").toString();
    StepImplementation.RUNS.clear();
  }

  @AfterEach
  void restoreVersion() {
    StepImplementation.VERSION.put("version", "1");
  }

  @Test
  void statusShowsFailedOpsWithTheirErrorAndStaleOnesWithWhy() throws Exception {
    assertEquals(1, krnel("run", "--store", store, "-c", SMALL, "-t", "StepOp").code());
    StepImplementation.VERSION.put("version", "2"); // the implementation changed since

    CliRun status = krnel("status", "--store", store, "-c", SMALL, "-s", "broken", "-s", "base");

    assertEquals(0, status.code(), status.err());
    String stale = " (stale: computed by krnel.cli.testgraph.StepImplementation@1, now krnel.cli.testgraph.StepImplementation@2)";
    String expected = List.of(
        SmallGraph.afterBroken.uuid() + ": new\n",
        SmallGraph.base.uuid() + ": completed" + stale + "\n",
        SmallGraph.broken.uuid() + ": failed\n    error: StepOp.fail: broken fails on purpose\n").stream()
        .sorted().reduce("", String::concat);
    assertEquals(expected, status.out());

    CliRun json = krnel("status", "--store", store, "-c", SMALL, "-s", "base", "--json");
    JsonNode line = new ObjectMapper().readTree(json.out());
    assertEquals("completed", line.get("state").asText());
    assertEquals(stale.substring(9, stale.length() - 1), line.get("stale").asText());
    assertEquals(SmallGraph.base.uuid(), line.get("op").get("outputs").get(0).asText());

    // only stale results are recomputed
    CliRun recompute = krnel("run", "--store", store, "-c", SMALL, "-s", "base", "-s", "plusOne", "--recompute-stale");
    assertEquals(0, recompute.code(), recompute.out());
    assertTrue(recompute.out().contains("Recomputing stale op " + SmallGraph.base.uuid()), recompute.out());
    CliRun after = krnel("status", "--store", store, "-c", SMALL, "-s", "base", "--no-deps");
    assertEquals(SmallGraph.base.uuid() + ": completed\n", after.out());
  }

  @Test
  void summaryCountsByTypeAndState() throws Exception {
    krnel("run", "--store", store, "-c", SMALL, "-t", "StepOp");

    CliRun table = krnel("summary", "--store", store, "-c", SMALL);

    assertEquals(0, table.code(), table.err());
    assertEquals(String.join("\n",
        "Group                    Total  New  Pending  Running  Completed  Failed  Stale",
        "━━━━━━━━━━━━━━━━━━━━━━━  ━━━━━  ━━━  ━━━━━━━  ━━━━━━━  ━━━━━━━━━  ━━━━━━  ━━━━━",
        "StepOp                       7    1        0        0          5       1      0",
        "LoadInlineJsonDatasetOp      1    1        0        0          0       0      0", ""), table.out());

    CliRun json = krnel("summary", "--store", store, "-c", SMALL, "--json");
    JsonNode counts = new ObjectMapper().readTree(json.out());
    assertEquals("{\"LoadInlineJsonDatasetOp\":{\"new\":1},\"SelectTextColumnOp\":{\"ephemeral\":1},"
        + "\"StepOp\":{\"new\":1,\"completed\":5,\"failed\":1}}", counts.toString());
  }

  @Test
  void printShowsPseudocode() {
    CliRun one = krnel("print", "--store", store, "-c", SMALL, "-s", "text", "--no-deps");
    assertEquals(0, one.code(), one.err());
    assertEquals(SmallGraph.text.toCode(), one.out());

    CliRun two = krnel("print", "--store", store, "-c", SMALL, "-s", "plus");
    assertTrue(two.out().startsWith("StepOp step_"), two.out());
    assertTrue(two.out().contains(".then(step(\"plus-two\"))"), two.out()); // a custom op prints as the step call
  }

  @Test
  void diffComparesTwoOps() {
    CliRun diff = krnel("diff", "--store", store, "-c", SMALL, "-s", "base", "-s", "extras[0]");

    assertEquals(1, diff.code(), diff.err());
    assertTrue(diff.out().startsWith("--- " + SmallGraph.base.uuid() + "\n+++ "), diff.out());
    assertTrue(diff.out().contains("\n-    .label(\"base\")\n"), diff.out());
    assertTrue(diff.out().contains("\n+    .label(\"extra-a\")\n"), diff.out());
    assertTrue(diff.out().endsWith(".build();\n"), diff.out());

    CliRun same = krnel("diff", "--store", store, "-c", SMALL, "-u", SmallGraph.base.uuid().substring(0, 20), "-t", "Step", "-s", "base");
    assertEquals(1, same.code());
    assertTrue(same.err().contains("error: diff compares two ops, but 1 are selected: base\n"), same.err());
  }

  @Test
  void makeGroupRegistersOpsToRunByUuid() {
    CliRun group = krnel("make-group", "--store", store, "-c", SMALL, "-s", "plus", "--no-deps");
    assertEquals(0, group.code(), group.err());
    String uuid = group.out().strip();
    assertTrue(uuid.startsWith("GroupedOp_"), uuid);

    // another process knows only the uuid and the store
    CliRun run = krnel("run", "--store", store, "-u", uuid, "--no-deps");
    assertEquals(0, run.code(), run.out() + run.err());
    assertEquals(List.of("base", "plus-one", "plus-two"), StepImplementation.RUNS);
    assertEquals(uuid + ": completed\n", krnel("status", "--store", store, "-u", uuid, "--no-deps").out());
  }

  @Test
  void configShowsAndSavesTheStore() throws Exception {
    Path file = dir.resolve("config/krnel_graph_config.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"runner_type\": \"LocalArrowRunner\"}");

    CliRun save = krnel("config", "--config-file", file.toString(), "--store-uri", "/data/krnel");

    assertEquals(0, save.code(), save.err());
    assertEquals("{\n    \"runner_type\" : \"LocalArrowRunner\",\n    \"store_uri\" : \"/data/krnel\"\n}\n", Files.readString(file));
    assertTrue(save.out().startsWith("Path to config file: '" + file + "'\nNew config:\n"), save.out());
    assertTrue(save.out().endsWith("Configuration saved in config file: '" + file + "'\n"), save.out());
    if (System.getenv("KRNEL_STORE_URI") == null) {
      assertTrue(save.out().contains("store_uri: '/data/krnel'\n"), save.out());
      assertEquals("Path to config file: '" + file + "'\nCurrent config:\n# The store: a directory, or memory:<name> (from"
          + " config file " + file + ")\nstore_uri: '/data/krnel'\n", krnel("config", "--config-file", file.toString()).out());
    }

    Files.writeString(file, "[1]");
    CliRun broken = krnel("config", "--config-file", file.toString(), "--store-uri", "/x");
    assertEquals(1, broken.code());
    assertEquals("error: the config file " + file + " does not hold a JSON object\nhint: fix it or delete it; it holds"
        + " {\"store_uri\": \"...\"}\n", broken.err());
  }
}
