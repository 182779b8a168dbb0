package krnel.cli;

import static krnel.cli.CliRun.krnel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A mistyped command gets a suggestion; completion scripts are generated. */
class CliFeedbackTest {
  @Test
  void mistypedCommandGetsDidYouMean() {
    CliRun run = krnel("stauts", "-c", "x");

    assertEquals(2, run.code(), run.err());
    assertTrue(run.err().contains("Unmatched arguments from index 0: 'stauts'"), run.err());
    assertTrue(run.err().contains("Did you mean: krnel status"), run.err()); // picocli may list more candidates after it
  }

  @Test
  void completionScriptCoversCommandsAndOptions() {
    CliRun run = krnel("completion");

    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("complete -F _complete_krnel"), run.out().lines().limit(20).toList().toString());
    for (String word : new String[] {"run", "status", "summary", "print", "diff", "verify", "make-group", "config",
        "--store", "--shard-count", "--recompute-stale"}) {
      assertTrue(run.out().contains(word), word);
    }
  }
}
