package krnel.spark;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many cores each executor has, where the driver can know: then its model sessions get that many
 * intra-op threads and its tasks take turns on a session (krnel-onnx's {@code SessionTurns}), so one
 * run at a time uses every core of the executor while the other tasks tokenize and write their parts.
 */
final class ExecutorCores {
  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?\\])?");
  private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*\\d+\\s*,\\s*(\\d+)\\s*,.*\\]");

  private ExecutorCores() {}

  /**
   * What a local master gives its one executor ({@code local[N]}: N, {@code local[*]}: the driver's
   * processors, {@code local}: 1, {@code local-cluster[n,C,mem]}: C), else {@code
   * spark.executor.cores} when set; empty when only the cluster knows (a standalone worker's
   * executor takes all the worker's free cores unless {@code spark.executor.cores} says otherwise).
   */
  static OptionalInt of(String master, Optional<String> executorCores) {
    Matcher local = LOCAL.matcher(master.trim());
    if (local.matches()) { // the driver's JVM is the one executor; spark.executor.cores does not apply
      String n = local.group(1);
      return OptionalInt.of(n == null ? 1 : n.equals("*") ? Runtime.getRuntime().availableProcessors()
          : Math.max(1, Integer.parseInt(n)));
    }
    Matcher cluster = LOCAL_CLUSTER.matcher(master.trim());
    if (cluster.matches()) {
      return OptionalInt.of(Math.max(1, Integer.parseInt(cluster.group(1))));
    }
    if (executorCores.isPresent()) {
      try {
        int cores = Integer.parseInt(executorCores.get().trim());
        if (cores >= 1) {
          return OptionalInt.of(cores);
        }
      } catch (NumberFormatException e) {
        // Spark refuses it when it starts executors
      }
    }
    return OptionalInt.empty();
  }
}
