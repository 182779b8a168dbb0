package krnel.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import krnel.graph.OpSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a dead runner, a failing disk and an unusable store leave, and what the next runner makes of it (issue 16). */
class StoreFailuresTest {
  private static final String VERSION = "krnel.runner.CountedImplementation@1";

  @TempDir Path store;
  @TempDir Path scratch;

  private Runner runner() {
    return Runner.open(store.toString(), CountedImplementation.module(scratch.resolve("runs.txt"), "1"));
  }

  private Path dir(OpSpec op) {
    String[] parts = Store.split(op.uuid());
    return store.resolve(parts[0]).resolve(parts[1]);
  }

  private static OpStatus runningBy(OpSpec op, long pid, Instant heartbeat) {
    return OpStatus.of(op, OpState.RUNNING).running(Instant.parse("2026-12-01T10:00:00Z"), VERSION,
        Map.of("model_sha256", "ab12"), pid, "gpu-3").beat(heartbeat);
  }

  /** Item 2: killed after done, before the completed status: the next reader repairs it, keeping version and provenance. */
  @Test
  void aStatusLeftRunningBesideDoneIsRepaired() throws Exception {
    CountedOp op = ImmutableCountedOp.builder().label("killed-after-done").build();
    try (Runner runner = runner()) {
      runner.materialize(op);
      runner.store().writeStatus(runningBy(op, 4242, Instant.parse("2026-12-01T10:00:05Z"))); // what the dead runner left
    }
    try (Runner runner = runner()) {
      OpStatus status = runner.status(op);
      assertEquals(OpState.COMPLETED, status.state());
      assertEquals(VERSION, status.implementationVersion());
      assertEquals(Map.of("model_sha256", "ab12"), status.provenance());
      assertEquals(Instant.parse("2026-12-01T10:00:05Z"), status.timeCompleted(), "the last heartbeat");
      assertEquals(Optional.empty(), runner.deadRunner(op));
    }
    String stored = Files.readString(dir(op).resolve("status.json"));
    assertTrue(stored.contains("\"state\":\"completed\""), "repaired on disk too: " + stored);
    assertFalse(stored.contains("\"pid\""), stored);
  }

  /** A running status beside done whose runner still holds the lock is left alone: it is about to complete. */
  @Test
  void aLiveRunnersStatusIsNotRepaired() throws Exception {
    CountedOp op = ImmutableCountedOp.builder().label("alive").build();
    try (Runner runner = runner()) {
      runner.materialize(op);
      runner.store().writeStatus(runningBy(op, 4242, Instant.now()));
      withLockHeldElsewhere(runner.store(), op, () -> {
        assertEquals(OpState.RUNNING, runner.status(op).state());
        assertEquals(Optional.empty(), runner.deadRunner(op));
      });
      assertEquals(OpState.COMPLETED, runner.status(op).state(), "once the lock is free");
    }
  }

  /** Item 4: a dead runner is named; with its lock held, only a stale heartbeat says it is gone. */
  @Test
  void aDeadRunnerIsNamed() throws Exception {
    CountedOp op = ImmutableCountedOp.builder().label("dead").build();
    try (Runner runner = runner()) {
      runner.store().writeStatus(runningBy(op, 4242, Instant.now()));
      assertEquals(Optional.of("pid 4242 on host gpu-3"), runner.deadRunner(op));
      withLockHeldElsewhere(runner.store(), op, () -> assertEquals(Optional.empty(), runner.deadRunner(op)));

      runner.store().writeStatus(runningBy(op, 4242, Instant.parse("2026-12-01T10:00:05Z")));
      withLockHeldElsewhere(runner.store(), op, () -> assertEquals(
          Optional.of("pid 4242 on host gpu-3, no heartbeat since 2026-12-01T10:00:05Z"), runner.deadRunner(op)));
    }
  }

  /** The status read back is what the Python reference wrote plus our fields: an old status without them still reads. */
  @Test
  void runningStatusesRoundTripWithTheirProcess() {
    CountedOp op = ImmutableCountedOp.builder().label("json").build();
    OpStatus running = runningBy(op, 4242, Instant.parse("2026-12-01T10:00:05Z"));
    String json = running.toJson();
    assertTrue(json.contains(",\"state\":\"running\",\"time_started\":\"2026-12-01T10:00:00.000000Z\",\"time_completed\":null,"),
        json);
    assertTrue(json.endsWith(",\"pid\":4242,\"host\":\"gpu-3\",\"heartbeat\":\"2026-12-01T10:00:05.000000Z\"}"), json);
    assertEquals(running, OpStatus.fromJson(json));
    OpStatus python = OpStatus.fromJson(json.substring(0, json.indexOf(",\"time_completed\"")) + ",\"time_completed\":null}");
    assertEquals(null, python.pid());
    assertEquals("process not recorded", python.runnerDescription());
  }

  /** Item 5: an IOException while storing records failed with the error, leaves no temporary, and leaks no Arrow memory. */
  @Test
  void anIoFailureWhileStoringRecordsFailedAndReleasesTheResult() throws Exception {
    CountedOp op = ImmutableCountedOp.builder().label("unstorable").rows(100_000).build();
    Files.createDirectories(dir(op).resolve("result.parquet").resolve("in-the-way")); // the rename onto it fails
    Runner runner = runner();
    OpFailedException failure = assertThrows(OpFailedException.class, () -> runner.materialize(op));
    assertTrue(failure.getMessage().startsWith("CountedOp " + op.uuid() + " failed: cannot store the result in " + store),
        failure.getMessage());
    OpStatus status = runner.status(op);
    assertEquals(OpState.FAILED, status.state());
    assertTrue(status.error().startsWith("cannot store the result in "), status.error());
    runner.close(); // the allocator throws if the result's 800 KB were not released
    try (Stream<Path> files = Files.list(dir(op))) {
      assertEquals(List.of(".lock", "result.parquet", "status.json"), files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  /** Item 8: a store that is a file fails when the runner is opened, naming the path. */
  @Test
  void aStoreThatIsAFileFailsUpFront() throws IOException {
    Path file = Files.writeString(scratch.resolve("store.txt"), "not a store");
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Runner.open(file.toString()));
    assertEquals("The store " + file + " is a file, not a directory; give a directory (or a path that does not exist yet)"
        + " as the store", error.getMessage());
    IllegalArgumentException below = assertThrows(IllegalArgumentException.class, () -> Runner.open(file.resolve("sub").toString()));
    assertTrue(below.getMessage().startsWith("The store " + file.resolve("sub") + " cannot be a directory: " + file + " is a file;"),
        below.getMessage());
  }

  /** Item 8: a read-only store reads, but computing into it is one error before anything runs. */
  @Test
  void aReadOnlyStoreFailsOnceBeforeComputing() throws Exception {
    CountedOp stored = ImmutableCountedOp.builder().label("stored").build();
    CountedOp missing = ImmutableCountedOp.builder().label("missing").build();
    Path readOnly = scratch.resolve("ro");
    try (Runner runner = Runner.open(readOnly.toString(), CountedImplementation.module(null, "1"))) {
      runner.materialize(stored);
    }
    Path mount = scratch.resolve("ro-mount");
    try (Tmpfs tmpfs = Tmpfs.mount(mount, "size=4m")) {
      copy(readOnly, mount);
      remountReadOnly(mount);
      try (Runner runner = Runner.open(mount.toString(), CountedImplementation.module(scratch.resolve("runs.txt"), "1"))) {
        assertArrayEquals(new double[] {0, 1, 2}, runner.toDoubleArray(stored), "results still read");
        assertEquals(OpState.COMPLETED, runner.status(stored).state());
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> runner.materialize(missing));
        assertTrue(error.getMessage().startsWith("The store " + mount + " is read-only (cannot be written); results can be"
            + " read from it but not computed into it"), error.getMessage());
        assertFalse(Files.exists(scratch.resolve("runs.txt")), "nothing was computed");
      }
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  private static void remountReadOnly(Path mount) throws Exception {
    Process process = new ProcessBuilder("mount", "-o", "remount,ro", mount.toString()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertEquals(0, process.waitFor(), output);
  }

  private interface Check {
    void run() throws Exception;
  }

  /** Runs {@code check} while another thread holds the op's lock, as a live runner would. */
  private static void withLockHeldElsewhere(Store store, OpSpec op, Check check) throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      Future<?> holder = other.submit(() -> {
        try (Store.Lock lock = store.lock(op)) {
          held.countDown();
          release.await();
        }
        return null;
      });
      held.await();
      try {
        check.run();
      } finally {
        release.countDown();
        holder.get();
      }
    } finally {
      other.shutdown();
    }
  }
}
