package krnel.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runner processes sharing one store: a crash mid-computation, and two processes racing for one op. */
class RunnerProcessTest {
  @TempDir Path store;
  @TempDir Path scratch;

  private Process start(String label, int sleepMillis) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(arg -> arg.startsWith("--add-opens") || arg.startsWith("-Djava.io.tmpdir")).toList());
    command.add("-Dkrnel.heartbeat.seconds=1");
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), RunnerProcessMain.class.getName(),
        store.toString(), scratch.resolve("runs.txt").toString(), label, Integer.toString(sleepMillis)));
    return new ProcessBuilder(command).redirectError(scratch.resolve(label + ".log").toFile()).start();
  }

  private static String firstLine(Process process) throws IOException {
    return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
  }

  private List<String> runs() throws IOException {
    Path counter = scratch.resolve("runs.txt");
    return Files.exists(counter) ? Files.readAllLines(counter) : List.of();
  }

  @Test
  void aRunnerKilledMidComputationLeavesNothingThatLooksComplete() throws Exception {
    CountedOp op = ImmutableCountedOp.builder().label("killed").sleepMillis(60_000).build();
    Process victim = start("killed", 60_000);
    assertEquals("started " + op.uuid(), firstLine(victim));
    waitFor(() -> runs().contains("killed")); // inside compute, holding the lock
    try (Runner observer = Runner.open(store.toString(), CountedImplementation.module(null, "1"))) {
      OpStatus running = observer.status(op);
      assertEquals(OpState.RUNNING, running.state());
      assertEquals(victim.pid(), running.pid());
      assertEquals("krnel.runner.CountedImplementation@1", running.implementationVersion());
      assertEquals(Optional.empty(), observer.deadRunner(op), "alive: it holds the lock");
      waitFor(() -> observer.status(op).heartbeat().isAfter(running.heartbeat())); // refreshed while it computes
    }
    victim.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

    String[] parts = Store.split(op.uuid());
    Path dir = store.resolve(parts[0]).resolve(parts[1]);
    assertFalse(Files.exists(dir.resolve("done")));
    assertFalse(Files.exists(dir.resolve("result.parquet")));
    try (Runner runner = Runner.open(store.toString(), CountedImplementation.module(scratch.resolve("runs.txt"), "1"))) {
      assertEquals(OpState.RUNNING, runner.status(op).state()); // as the dead process left it
      assertEquals(Optional.of("pid " + victim.pid() + " on host " + runner.status(op).host()), runner.deadRunner(op));
      assertFalse(runner.hasResult(op));
      // The OS released the dead process's lock: this process takes the op over at once.
      CountedOp sameOpQuick = ImmutableCountedOp.builder().label("killed").sleepMillis(0).build();
      assertEquals(op.uuid(), sameOpQuick.uuid());
      runner.materialize(sameOpQuick);
      assertEquals(OpState.COMPLETED, runner.status(op).state());
      assertArrayEquals(new double[] {0, 1, 2}, runner.toDoubleArray(op));
    }
    try (Stream<Path> leftovers = Files.list(dir)) {
      // no temporary files left behind, by either process
      assertEquals(List.of(".lock", "done", "result.parquet", "status.json"),
          leftovers.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void twoProcessesMaterializingOneOpComputeItOnce() throws Exception {
    CountedOp op = ImmutableCountedOp.builder().label("raced").sleepMillis(1_500).build();
    Process first = start("raced", 1_500);
    Process second = start("raced", 1_500);
    assertTrue(first.waitFor(60, TimeUnit.SECONDS) && second.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, first.exitValue(), new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertEquals(0, second.exitValue(), new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8));

    assertEquals(List.of("raced"), runs());
    try (Runner runner = Runner.open(store.toString(), CountedImplementation.module(null, "1"))) {
      assertEquals(OpState.COMPLETED, runner.status(op).state());
      assertArrayEquals(new double[] {0, 1, 2}, runner.toDoubleArray(op));
    }
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void waitFor(Condition condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out");
      }
      Thread.sleep(50);
    }
  }
}
