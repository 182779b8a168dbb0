package krnel.fuzz;

import java.util.SplittableRandom;

/**
 * A bounded random campaign: {@code krnel.fuzz.tries} attempts (300 by default, a few seconds),
 * each from its own seed derived from {@code krnel.fuzz.seed} (fixed by default, so CI runs are
 * repeatable). A failure names the seed and the attempt so it can be replayed. A longer campaign:
 * {@code -Dkrnel.fuzz.tries=20000 -Dkrnel.fuzz.seed=$RANDOM} (see RELIABILITY.md).
 */
public final class Fuzz {
  private Fuzz() {}

  /** What one attempt tried, for the failure message. */
  public static final class Attempt {
    private String description = "";

    public void describe(String text) {
      description = text;
    }
  }

  /** One attempt. */
  public interface Body {
    void accept(SplittableRandom random, Attempt attempt) throws Exception;
  }

  public static int tries() {
    return Integer.getInteger("krnel.fuzz.tries", 300);
  }

  public static void run(String name, Body body) {
    long seed = Long.getLong("krnel.fuzz.seed", 16L);
    int tries = tries();
    SplittableRandom seeds = new SplittableRandom(seed);
    for (int i = 0; i < tries; i++) {
      long attemptSeed = seeds.nextLong();
      Attempt attempt = new Attempt();
      try {
        body.accept(new SplittableRandom(attemptSeed), attempt);
      } catch (Throwable e) {
        throw new AssertionError(name + ": attempt " + i + " of seed " + seed + " (" + attempt.description
            + ") failed: " + e, e);
      }
    }
  }
}
