package krnel.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import krnel.graph.OpSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several runner processes computing one graph on one store at once, each in its own order: every
 * op is computed once, and every result is a clean run's. The build runs one trial of 4 processes;
 * a campaign: {@code -Dkrnel.concurrent.trials=20 -Dkrnel.concurrent.runners=6}.
 */
class ConcurrentRunnersTest {
  private static final int TRIALS = Integer.getInteger("krnel.concurrent.trials", 1);
  private static final int RUNNERS = Integer.getInteger("krnel.concurrent.runners", 4);
  private static final long SEED = Long.getLong("krnel.kill.seed", 16);

  @TempDir Path work;

  @Test
  void runnersSharingAStoreComputeEachOpOnce() throws Exception {
    Map<String, double[]> expected = CampaignStore.cleanRun(work.resolve("clean"));
    Random random = new Random(SEED);
    for (int trial = 0; trial < TRIALS; trial++) {
      Path store = work.resolve("trial-" + trial);
      Path counter = work.resolve("runs-" + trial + ".txt");
      List<Process> runners = new ArrayList<>();
      for (int i = 0; i < RUNNERS; i++) {
        runners.add(CampaignStore.start(store, counter, random.nextLong(), work.resolve("runner-" + i + ".log")));
      }
      for (int i = 0; i < RUNNERS; i++) {
        assertTrue(runners.get(i).waitFor(180, TimeUnit.SECONDS), "runner " + i + " did not finish");
        assertEquals(0, runners.get(i).exitValue(), Files.readString(work.resolve("runner-" + i + ".log")));
      }
      List<String> computations = Files.readAllLines(counter);
      assertEquals(CampaignGraph.ops().size(), computations.size(), "trial " + trial + ": " + computations);
      assertEquals(CampaignGraph.ops().size(), computations.stream().distinct().count(), "trial " + trial + ": " + computations);
      try (Runner runner = Runner.open(store.toString(), CampaignGraph.module(null))) {
        for (OpSpec op : CampaignGraph.ops()) {
          assertEquals(OpState.COMPLETED, runner.status(op).state());
          assertArrayEquals(expected.get(op.uuid()), runner.toDoubleArray(op), op.uuid());
        }
      }
      assertEquals(List.of(), CampaignStore.leftovers(store));
    }
    System.out.printf("concurrent runners (seed %d): %d trials of %d processes on one store, each op computed once%n",
        SEED, TRIALS, RUNNERS);
  }
}
