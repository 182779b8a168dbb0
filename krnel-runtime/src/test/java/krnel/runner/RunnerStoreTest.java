package krnel.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import krnel.graph.OpSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner against a directory store: layout, statuses, failures, staleness, reuse. */
class RunnerStoreTest {
  @TempDir Path store;
  @TempDir Path scratch;

  private Runner runner(String version) {
    return Runner.open(store.toString(), CountedImplementation.module(scratch.resolve("runs.txt"), version));
  }

  private static CountedOp op(String label) {
    return ImmutableCountedOp.builder().label(label).build();
  }

  private Path dir(OpSpec op) {
    String[] parts = Store.split(op.uuid());
    return store.resolve(parts[0]).resolve(parts[1]);
  }

  private List<String> runs() throws IOException {
    Path counter = scratch.resolve("runs.txt");
    return Files.exists(counter) ? Files.readAllLines(counter) : List.of();
  }

  @Test
  void storesTheResultInTheReferenceLayout() throws IOException {
    CountedOp op = op("layout");
    try (Runner runner = runner("1")) {
      runner.materialize(op);
      assertArrayEquals(new double[] {0, 1, 2}, runner.toDoubleArray(op));
    }
    try (Stream<Path> files = Files.list(dir(op))) {
      assertEquals(List.of(".lock", "done", "result.parquet", "status.json"), files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertEquals("done", Files.readString(dir(op).resolve("done")));
    String status = Files.readString(dir(op).resolve("status.json"));
    assertTrue(status.startsWith("{\"op\":{\"outputs\":[\"" + op.uuid() + "\"],\"nodes\":{"), status);
    assertTrue(status.contains("\"state\":\"completed\""), status);
    assertTrue(status.matches(".*\"time_started\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z\".*"), status);
    assertTrue(status.contains("\"implementation_version\":\"krnel.runner.CountedImplementation@1\""), status);
  }

  /** What a writer killed mid-write leaves is removed by the next holder of the op's lock. */
  @Test
  void staleResultTemporariesAreRemovedWhenTheLockIsTaken() throws IOException {
    CountedOp op = op("killed-writer");
    Files.createDirectories(dir(op));
    Path staleParquet = Files.write(dir(op).resolve(".result.parquet.tmp-killed"), new byte[1024]);
    Path staleDone = Files.write(dir(op).resolve(".done.tmp-killed"), new byte[] {'d'});
    Path statusTemporary = Files.write(dir(op).resolve(".status.json.tmp-in-flight"), new byte[] {'{'});

    try (Runner runner = runner("1")) {
      runner.materialize(op);
      assertArrayEquals(new double[] {0, 1, 2}, runner.toDoubleArray(op));
    }

    assertFalse(Files.exists(staleParquet));
    assertFalse(Files.exists(staleDone));
    assertTrue(Files.exists(statusTemporary), "statuses are also written outside the lock: left alone");
  }

  @Test
  void aStoredResultIsReusedByTheNextProcess() throws IOException {
    CountedOp op = op("reuse");
    try (Runner runner = runner("1")) {
      runner.materialize(op);
    }
    try (Runner again = runner("1")) {
      assertTrue(again.hasResult(op));
      assertEquals(List.of(), again.plan(List.of(op)));
      again.materialize(op);
      assertArrayEquals(new double[] {0, 1, 2}, again.toDoubleArray(op));
    }
    assertEquals(List.of("reuse"), runs());
  }

  @Test
  void aFailureIsRecordedWithItsErrorAndLeavesNoResult() throws IOException {
    CountedOp op = ImmutableCountedOp.builder().label("failing").fail(true).build();
    try (Runner runner = runner("1")) {
      OpFailedException e = assertThrows(OpFailedException.class, () -> runner.materialize(op));
      assertTrue(e.getMessage().contains(op.uuid()), e.getMessage());
      assertTrue(e.getMessage().contains("CountedOp.fail: failing on purpose"), e.getMessage());

      OpStatus status = runner.status(op);
      assertEquals(OpState.FAILED, status.state());
      assertEquals("CountedOp.fail: failing on purpose", status.error());
      assertNotNull(status.timeStarted());
      assertFalse(runner.hasResult(op));
    }
    assertFalse(Files.exists(dir(op).resolve("done")));
    assertFalse(Files.exists(dir(op).resolve("result.parquet")));
  }

  @Test
  void queriesNeverCreateDirectories() throws IOException {
    CountedOp op = op("query");
    try (Runner runner = runner("1")) {
      assertEquals(OpState.NEW, runner.status(op).state());
      assertFalse(runner.hasResult(op));
      assertTrue(runner.findOp(op.uuid()).isEmpty());
      assertEquals(List.of(), runner.store().uuids());
    }
    try (Stream<Path> files = Files.list(store)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void aResultFromAnotherImplementationVersionIsStaleUntilRecomputed() throws IOException {
    CountedOp op = op("stale");
    try (Runner runner = runner("1")) {
      runner.materialize(op);
      assertTrue(runner.staleness(op).isEmpty());
    }
    try (Runner newer = runner("2")) {
      String why = newer.staleness(op).orElseThrow();
      assertEquals("computed by krnel.runner.CountedImplementation@1, now krnel.runner.CountedImplementation@2", why);
      newer.materialize(op); // stale results are reused unless asked
      assertEquals(List.of("stale"), runs());
      newer.recompute(op);
      assertTrue(newer.staleness(op).isEmpty());
      assertEquals(List.of("stale", "stale"), runs());
    }
  }

  @Test
  void findOpRebuildsTheGraphFromTheStoredStatus() throws IOException {
    CountedOp op = op("find");
    try (Runner runner = runner("1")) {
      runner.materialize(op);
      OpSpec found = runner.findOp(op.uuid()).orElseThrow();
      assertEquals(op, found);
      assertEquals(runner, Runner.of(found));
      assertEquals(List.of(op.uuid()), runner.store().uuids().stream().filter(u -> u.startsWith("CountedOp_")).toList());
    }
  }

  @Test
  void anOpWithoutImplementationIsAClearError() {
    CountedOp op = op("none");
    try (Runner runner = Runner.memory()) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> runner.materialize(op));
      assertTrue(e.getMessage().startsWith("No implementation for CountedOp (krnel.runner.CountedOp)"), e.getMessage());
    }
  }

  @Test
  void twoImplementationsForOneOpAreAnErrorNamingBoth() {
    try (Runner runner = Runner.memory(CountedImplementation.module(null, "1"), CountedImplementation.module(null, "2"))) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> runner.materialize(op("twice")));
      assertTrue(e.getMessage().startsWith("Ambiguous implementations for CountedOp"), e.getMessage());
    }
  }

  @Test
  void anOpWithoutRunnerSaysHowToGetOne() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Runner.of(op("orphan")));
    assertTrue(e.getMessage().contains("was not built from a runner"), e.getMessage());
  }

  @Test
  void aStreamedResultIsWrittenAndReadBatchByBatch() {
    CountedOp op = ImmutableCountedOp.builder().label("streamed").rows(7).streamed(true).build();
    List<Double> seen = new java.util.ArrayList<>();
    try (Runner runner = runner("1")) {
      runner.forEachBatch(op, batch -> {
        for (double value : Columns.doubles(batch.getVector(0), "batch")) {
          seen.add(value);
        }
      });
      assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0), seen);
      assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6}, runner.toDoubleArray(op));
    }
  }

  @Test
  void aMemoryStoreRefusesStreamedResultsWithAReason() {
    CountedOp op = ImmutableCountedOp.builder().label("streamed").rows(3).streamed(true).build();
    try (Runner runner = Runner.memory(CountedImplementation.module(null, "1"))) {
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> runner.materialize(op));
      assertTrue(e.getMessage().contains("store it in a directory store"), e.getMessage());
    }
  }
}
