package krnel.cli;

import static krnel.cli.CliRun.assertNoStackTrace;
import static krnel.cli.CliRun.krnel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import krnel.cli.testgraph.SmallGraph;
import krnel.cli.testgraph.StepImplementation;
import krnel.graph.GraphJson;
import krnel.graph.OpSpec;
import krnel.ops.LoadLocalParquetDatasetOp;
import krnel.runner.OpState;
import krnel.runner.OpStatus;
import krnel.runner.Runner;
import krnel.store.ParquetResults;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI on a store in trouble: a file, read-only, a dead runner, a failing disk; make-group with one dataset (issue 16). */
class StoreTroubleTest {
  static final String SMALL = GraphSourcesTest.SMALL;

  @TempDir Path dir;
  String store;

  @BeforeEach
  void setUp() {
    store = dir.resolve("store").toString();
    StepImplementation.RUNS.clear();
  }

  private Path opDir(OpSpec op) {
    String uuid = op.uuid();
    return Path.of(store, uuid.substring(0, uuid.indexOf('_')), uuid.substring(uuid.indexOf('_') + 1));
  }

  @Test
  void aStoreThatIsAFileIsOneError() throws Exception {
    Path file = Files.writeString(dir.resolve("store.txt"), "not a store");
    for (String command : List.of("run", "status")) {
      CliRun run = krnel(command, "--store", file.toString(), "-c", SMALL);
      assertEquals(1, run.code(), run.out());
      assertEquals("error: The store " + file + " is a file, not a directory; give a directory (or a path that does not"
          + " exist yet) as the store\nhint: choose the store with --store DIR (or KRNEL_STORE_URI)\n", run.err());
      assertEquals("", run.out());
    }
  }

  @Test
  void aReadOnlyStoreIsOneErrorBeforeAnythingRuns() throws Exception {
    Path mount = dir.resolve("ro");
    Files.createDirectories(mount);
    String why = exec("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", mount.toString());
    Assumptions.assumeTrue(why == null, () -> "skipped: cannot mount a read-only tmpfs here (" + why + ")");
    try {
      CliRun run = krnel("run", "--store", mount.toString(), "-c", SMALL);
      assertEquals(1, run.code(), run.out());
      assertEquals("", run.out(), "no op was tried");
      assertEquals("error: The store " + mount + " is read-only (cannot be written); results can be read from it but not"
          + " computed into it: choose a writable directory as the store\nhint: nothing was computed; give a writable"
          + " directory with --store DIR (or KRNEL_STORE_URI), or make this one writable\n", run.err());
      CliRun group = krnel("make-group", "--store", mount.toString(), "-c", SMALL, "-s", "plus", "--no-deps");
      assertEquals(1, group.code());
      assertTrue(group.err().startsWith("error: The store " + mount + " is read-only"), group.err());
      assertEquals(List.of(), StepImplementation.RUNS);
    } finally {
      assertEquals(null, exec("umount", mount.toString()));
    }
  }

  @Test
  void statusNamesADeadRunner() throws Exception {
    try (Runner runner = Runner.open(store)) {
      runner.store().writeStatus(OpStatus.of(SmallGraph.base, OpState.RUNNING)
          .running(Instant.now(), "v", Map.of(), 4242, "gpu-3"));
    }
    CliRun status = krnel("status", "--store", store, "-c", SMALL, "-s", "base", "--no-deps");
    assertEquals(0, status.code(), status.err());
    assertEquals(SmallGraph.base.uuid() + ": running (dead: pid 4242 on host gpu-3)\n", status.out());
    CliRun json = krnel("status", "--store", store, "-c", SMALL, "-s", "base", "--no-deps", "--json");
    assertTrue(json.out().contains("\"pid\":4242,\"host\":\"gpu-3\",\"heartbeat\":\""), json.out());
    assertTrue(json.out().endsWith(",\"dead\":\"pid 4242 on host gpu-3\"}\n"), json.out());
  }

  /** Item 2: a rerun that skips an op left running beside done repairs its status file, so the reference reads it as completed. */
  @Test
  void aRerunRepairsAStatusLeftRunningBesideDone() throws Exception {
    assertEquals(0, krnel("run", "--store", store, "-c", SMALL, "-s", "base", "--no-deps").code());
    try (Runner runner = Runner.open(store)) {
      runner.store().writeStatus(OpStatus.of(SmallGraph.base, OpState.RUNNING)
          .running(Instant.now(), "krnel.cli.testgraph.StepImplementation@1", Map.of(), 4242, "gpu-3"));
    }
    CliRun rerun = krnel("run", "--store", store, "-c", SMALL, "-s", "base", "--no-deps");
    assertEquals(0, rerun.code(), rerun.out() + rerun.err());
    assertTrue(rerun.out().contains("already has a result, skipping."), rerun.out());
    String status = Files.readString(opDir(SmallGraph.base).resolve("status.json"));
    assertTrue(status.contains("\"state\":\"completed\""), status);
    assertTrue(status.contains("\"implementation_version\":\"krnel.cli.testgraph.StepImplementation@1\""), status);
    assertFalse(status.contains("\"pid\""), status);
  }

  /** Item 5: a result that cannot be stored is a failed op, and the hint's command lists it. */
  @Test
  void aResultThatCannotBeStoredIsListedAsFailed() throws Exception {
    Files.createDirectories(opDir(SmallGraph.base).resolve("result.json").resolve("in-the-way"));
    Files.createDirectories(opDir(SmallGraph.base).resolve("result.parquet").resolve("in-the-way"));

    CliRun run = krnel("run", "--store", store, "-c", SMALL, "-s", "base", "--no-deps");
    assertEquals(1, run.code(), run.out());
    assertTrue(run.err().contains("`krnel status --state failed` lists them"), run.err());
    assertNoStackTrace(run);

    CliRun failed = krnel("status", "--store", store, "-c", SMALL, "--state", "failed");
    assertEquals(0, failed.code(), failed.err());
    assertTrue(failed.out().startsWith(SmallGraph.base.uuid() + ": failed\n    error: cannot store the result in " + store
        + ": "), failed.out());
  }

  /** Item 7: make-group of one Parquet dataset copies it into the store, as with several. */
  @Test
  void makeGroupOfOneParquetDatasetCopiesIt() throws Exception {
    Path parquet = dir.resolve("texts.parquet");
    try (RootAllocator allocator = new RootAllocator(); VarCharVector text = new VarCharVector("text", allocator)) {
      text.allocateNew();
      text.setSafe(0, "hello".getBytes(StandardCharsets.UTF_8));
      text.setValueCount(1);
      try (VectorSchemaRoot root = VectorSchemaRoot.of(text)) {
        ParquetResults.write(parquet, root);
      }
    }
    LoadLocalParquetDatasetOp dataset;
    try (Runner memory = Runner.memory()) {
      dataset = memory.fromParquet(parquet);
    }
    Path graph = Files.writeString(dir.resolve("graph.json"), GraphJson.write(List.of(dataset)));

    CliRun group = krnel("make-group", "--store", store, "-g", graph.toString());

    assertEquals(0, group.code(), group.err());
    assertEquals(dataset.uuid() + "\n", group.out());
    assertTrue(Files.isRegularFile(opDir(dataset).resolve("done")), "the dataset was copied");
    Files.delete(parquet);
    CliRun status = krnel("status", "--store", store, "-u", dataset.uuid());
    assertEquals(dataset.uuid() + ": completed\n", status.out(), status.err());
  }

  /** Null if the command succeeded, else what it said. */
  private static String exec(String... command) throws Exception {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      return e.getMessage();
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    return process.exitValue() == 0 ? null : String.join(" ", command) + ": " + output;
  }
}
