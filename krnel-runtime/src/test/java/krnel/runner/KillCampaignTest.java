package krnel.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import krnel.graph.OpSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runner processes killed with SIGKILL at random points, inside a Parquet write, and right after an
 * op's {@code done}; after every kill, every {@code done} result must read back identical (bytes and
 * values) to a clean run, no status may read {@code running} beside {@code done}, and a {@code
 * running} status must name its dead runner; after a rerun, everything is completed with its
 * implementation version and no temporary survives. The build runs a few rounds; a campaign:
 * {@code -Dkrnel.kill.rounds=100 -Dkrnel.kill.seed=...} (see RELIABILITY.md).
 */
class KillCampaignTest {
  private static final int ROUNDS = Integer.getInteger("krnel.kill.rounds", 3);
  private static final long SEED = Long.getLong("krnel.kill.seed", 16);

  /** Where a kill is aimed. */
  enum KillPoint { RANDOM, IN_PARQUET_WRITE, AFTER_DONE }

  @TempDir Path work;

  private final Map<KillPoint, Integer> kills = new EnumMap<>(KillPoint.class);
  private final Map<KillPoint, Integer> missed = new EnumMap<>(KillPoint.class);
  private int runs;
  private int runningBesideDone;
  private int temporariesLeft;

  @Test
  void killedRunnersLeaveNothingWrong() throws Exception {
    Map<String, double[]> expected = CampaignStore.cleanRun(work.resolve("clean"));
    Map<String, byte[]> expectedFiles = new java.util.HashMap<>();
    for (OpSpec op : CampaignGraph.ops()) {
      expectedFiles.put(op.uuid(), Files.readAllBytes(CampaignStore.dir(work.resolve("clean"), op).resolve("result.parquet")));
    }
    Random random = new Random(SEED);
    List<String> bad = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      Path store = work.resolve("round-" + round);
      int roundKills = 1 + random.nextInt(3);
      List<Long> pids = new ArrayList<>(); // a running status may be left by any runner killed in this round
      for (int k = 0; k < roundKills; k++) {
        KillPoint point = KillPoint.values()[random.nextInt(KillPoint.values().length)];
        Process runner = CampaignStore.start(store, work.resolve("runs.txt"), random.nextLong(), work.resolve("runner.log"));
        runs++;
        pids.add(runner.pid());
        boolean killed = killAt(point, runner, store, random);
        (killed ? kills : missed).merge(point, 1, Integer::sum);
        String where = "round " + round + ", kill " + k + " (" + point + (killed ? "" : ", the runner finished first") + ")";
        countWhatTheKillLeft(store);
        bad.addAll(check(store, expected, expectedFiles, pids, false, where));
      }
      Process rerun = CampaignStore.start(store, work.resolve("runs.txt"), random.nextLong(), work.resolve("runner.log"));
      runs++;
      assertTrue(rerun.waitFor(120, TimeUnit.SECONDS), "the rerun did not finish");
      assertEquals(0, rerun.exitValue(), Files.readString(work.resolve("runner.log")));
      bad.addAll(check(store, expected, expectedFiles, pids, true, "round " + round + ", after the rerun"));
    }
    System.out.printf("kill campaign (seed %d): %d rounds, %d runner processes, kills %s, runs that finished before"
        + " their kill %s, statuses left running beside done (then repaired) %d, temporaries left by kills %d,"
        + " bad states %d%n", SEED, ROUNDS, runs, kills, missed, runningBesideDone, temporariesLeft, bad.size());
    assertEquals(List.of(), bad);
  }

  /** Kills {@code runner} at {@code point}; false if it finished first. */
  private static boolean killAt(KillPoint point, Process runner, Path store, Random random) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    switch (point) {
      case RANDOM -> {
        if (runner.waitFor(200 + random.nextInt(2_500), TimeUnit.MILLISECONDS)) {
          return false;
        }
      }
      case IN_PARQUET_WRITE -> {
        while (!anyFile(store, name -> name.startsWith(".result.parquet.tmp-"))) {
          if (!runner.isAlive() || System.nanoTime() > deadline) {
            return false;
          }
          Thread.sleep(1);
        }
        Thread.sleep(random.nextInt(15)); // somewhere in the write, not only at its first byte
      }
      case AFTER_DONE -> {
        while (!doneBesideRunning(store)) {
          if (!runner.isAlive() || System.nanoTime() > deadline) {
            return false;
          }
        }
      }
      default -> throw new AssertionError(point);
    }
    runner.destroyForcibly(); // SIGKILL
    assertTrue(runner.waitFor(30, TimeUnit.SECONDS));
    return true;
  }

  private static boolean anyFile(Path store, java.util.function.Predicate<String> name) throws IOException {
    if (!Files.isDirectory(store)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(store, 3)) {
      return files.anyMatch(p -> name.test(p.getFileName().toString()));
    } catch (java.io.UncheckedIOException e) {
      return false; // a temporary renamed while walking
    }
  }

  /** Whether an op of {@code store} has {@code done} while its status file does not say completed yet. */
  private static boolean doneBesideRunning(Path store) throws IOException {
    for (OpSpec op : CampaignGraph.ops()) {
      Path dir = CampaignStore.dir(store, op);
      if (Files.exists(dir.resolve("done"))) {
        try {
          if (!Files.readString(dir.resolve("status.json")).contains("\"state\":\"completed\"")) {
            return true;
          }
        } catch (IOException e) {
          // being replaced: look again
        }
      }
    }
    return false;
  }

  /** The raw situations a kill left, before any runner looks: what issue 16 found. */
  private void countWhatTheKillLeft(Path store) throws IOException {
    temporariesLeft += CampaignStore.leftovers(store).size();
    for (OpSpec op : CampaignGraph.ops()) {
      Path dir = CampaignStore.dir(store, op);
      if (Files.exists(dir.resolve("done")) && Files.readString(dir.resolve("status.json")).contains("\"state\":\"running\"")) {
        runningBesideDone++;
      }
    }
  }

  /** What is wrong in {@code store}, read by a runner of this process; {@code finished} after a rerun that completed. */
  private static List<String> check(Path store, Map<String, double[]> expected, Map<String, byte[]> expectedFiles, List<Long> pids,
      boolean finished, String where) throws IOException {
    List<String> bad = new ArrayList<>();
    try (Runner runner = Runner.open(store.toString(), CampaignGraph.module(null))) {
      for (OpSpec op : CampaignGraph.ops()) {
        String name = where + ": " + op.wireName() + " " + op.uuid();
        OpStatus status = runner.status(op);
        if (runner.hasResult(op)) {
          if (status.state() != OpState.COMPLETED) {
            bad.add(name + " has done beside a " + status.state().wireName() + " status");
          } else if (status.implementationVersion() == null || !status.implementationVersion().endsWith("@1")) {
            bad.add(name + " lost its implementation version: " + status.implementationVersion());
          }
          byte[] file = Files.readAllBytes(CampaignStore.dir(store, op).resolve("result.parquet"));
          if (!Arrays.equals(expectedFiles.get(op.uuid()), file)) {
            bad.add(name + " is done, but its result.parquet differs from a clean run's (" + file.length + " bytes)");
          } else if (!Arrays.equals(expected.get(op.uuid()), runner.toDoubleArray(op))) {
            bad.add(name + " is done, but reads back other values than a clean run's");
          }
        } else if (finished) {
          bad.add(name + " has no result after a rerun that finished; its status is " + status.state().wireName());
        } else if (status.state() == OpState.RUNNING) {
          Optional<String> dead = runner.deadRunner(op);
          if (dead.isEmpty() || pids.stream().noneMatch(pid -> dead.get().startsWith("pid " + pid + " on host "))) {
            bad.add(name + " is running, its runners " + pids + " were killed, but it reads as " + dead);
          }
        } else if (status.state() == OpState.COMPLETED) {
          bad.add(name + " reads completed without done");
        }
      }
    }
    if (finished) {
      for (Path leftover : CampaignStore.leftovers(store)) {
        bad.add(where + ": " + store.relativize(leftover) + " survived the rerun");
      }
    }
    return bad;
  }
}
