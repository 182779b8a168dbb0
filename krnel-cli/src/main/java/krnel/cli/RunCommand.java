package krnel.cli;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import krnel.graph.Graph;
import krnel.graph.OpSpec;
import krnel.ops.ClassifierEvaluationOp;
import krnel.runner.OpFailedException;
import krnel.runner.Runner;
import krnel.runner.RowWiseEngine;
import krnel.runner.RowWiseEngineFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code krnel run}: computes the selected ops that the store lacks, inputs first, and says how it
 * went. Unlike the reference, it exits 1 when any op failed, and sharding respects dependencies:
 * a shard computes the missing inputs of its ops too, and the store's per-op lock makes an input
 * shared by several shards be computed once, by whichever gets there first, and reused by the others.
 */
@Command(name = "run", aliases = "materialize", mixinStandardHelpOptions = true, version = Krnel.VERSION,
    description = {"Compute the selected ops that have no stored result, inputs first, printing progress and a"
        + " summary. Ephemeral ops are computed in memory when needed, not stored. Exits 1 if any op failed;"
        + " ops whose inputs failed are skipped.",
        "With --shard-count N --shard-idx I, N processes (sharing the store) split the ops: each computes its own"
            + " ops and their missing inputs; an input needed by several is computed once (the store locks it) and"
            + " read by the others. -n N stops after computing N ops."})
final class RunCommand implements Callable<Integer> {
  @Mixin GraphOptions graph;

  @ArgGroup(exclusive = false, heading = "Sharding (give both):%n")
  Shard shard;

  @Option(names = "--shuffle", description = "Run the ops in random order (spreads parallel shards over the graph).")
  boolean shuffle;

  @Option(names = "--recompute-stale", description = "Also recompute results made by another implementation version.")
  boolean recomputeStale;

  @Option(names = "--spark", paramLabel = "MASTER",
      description = "Compute the row-wise ops (activations, logit scores, predictions, templates, custom row-wise ops)"
          + " on Apache Spark: local[N], yarn, spark://host:port, k8s://...; needs ai.krnel:krnel-spark and Spark on"
          + " the classpath (docs/spark.md). Other ops run here.")
  String spark;

  @Spec CommandSpec spec;

  static final class Shard {
    @Option(names = "--shard-count", required = true, paramLabel = "N", description = "Number of shards.")
    int count;

    @Option(names = "--shard-idx", required = true, paramLabel = "I", description = "This shard, 0 to N-1.")
    int index;
  }

  /** How one op of the run ended. */
  private enum Outcome { COMPUTED, STORED, FAILED, SKIPPED }

  @Override
  public Integer call() {
    if (shard != null && (shard.count < 1 || shard.index < 0 || shard.index >= shard.count)) {
      throw new CliException("--shard-idx " + shard.index + " is not a shard of --shard-count " + shard.count,
          "shards are numbered 0 to N-1, with N at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    long start = System.nanoTime();
    try (Selection selection = Selection.open(graph, true, false, true, spec.commandLine().getErr())) {
      if (spark != null) {
        selection.runner().useEngine(sparkEngine(spark));
      }
      List<OpSpec> ops = ordered(selection);
      if (ops.stream().anyMatch(op -> !selection.runner().hasResult(op))) {
        Stores.checkWritable(selection.runner(), "nothing was computed");
      }
      Map<String, String> names = new LinkedHashMap<>(); // uuid -> the variable name a source gave it
      selection.ops().forEach(named -> names.putIfAbsent(named.op().uuid(), named.name()));
      Map<OpSpec, Outcome> outcomes = new LinkedHashMap<>();
      Map<String, String> failures = new LinkedHashMap<>(); // uuid -> error, including inputs that failed
      int computed = 0;
      for (int i = 0; i < ops.size(); i++) {
        OpSpec op = ops.get(i);
        if (graph.limit != null && computed >= graph.limit) {
          out.println("Reached the requested number of ops (" + graph.limit + "), stopping.");
          break;
        }
        String counter = "[" + (i + 1) + "/" + ops.size() + "] ";
        Outcome outcome = run(selection.runner(), op, counter, failures, out, names);
        outcomes.put(op, outcome);
        if (outcome == Outcome.COMPUTED || outcome == Outcome.FAILED) {
          computed++;
        }
        out.flush();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      nameComputed(out, selection, outcomes);
      return summarize(out, outcomes, failures, ops.size(), seconds);
    }
  }

  /** krnel-spark's engine, found on the classpath (the CLI does not depend on Spark). */
  private static RowWiseEngine sparkEngine(String master) {
    RowWiseEngineFactory factory = RowWiseEngineFactory.find("spark").orElseThrow(() -> new CliException(
        "--spark " + master + " needs ai.krnel:krnel-spark and Apache Spark (org.apache.spark:spark-sql_2.13) on the classpath",
        "run it with spark-submit, or add both jars with --classpath / KRNEL_CLASSPATH (docs/spark.md)"));
    try {
      return factory.create(master);
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new CliException("--spark " + master + ": " + e.getMessage(), "see docs/spark.md", e);
    }
  }

  /** The selected stored (non-ephemeral) ops of this shard, inputs before the ops that read them. */
  private List<OpSpec> ordered(Selection selection) {
    Set<String> selected = selection.ops().stream().map(n -> n.op().uuid()).collect(Collectors.toSet());
    List<OpSpec> all = Graph.allOps(selection.ops().stream().map(NamedOp::op).collect(Collectors.toList()));
    List<OpSpec> ops = all.stream()
        .filter(op -> selected.contains(op.uuid()) && !op.isEphemeral() && inShard(op))
        .collect(Collectors.toList());
    if (shuffle) {
      Collections.shuffle(ops);
    }
    return ops;
  }

  /** The reference's assignment: the uuid's hash as a number, modulo the shard count. */
  private boolean inShard(OpSpec op) {
    if (shard == null) {
      return true;
    }
    String hash = op.uuid().substring(op.uuid().lastIndexOf('_') + 1);
    return new BigInteger(hash, 16).mod(BigInteger.valueOf(shard.count)).intValue() == shard.index;
  }

  /** The uuid, and the variable name the graph source gave the op, if any: {@code <uuid> (probe.x)}. */
  private static String label(OpSpec op, Map<String, String> names) {
    String name = names.get(op.uuid());
    return name == null || name.equals(op.uuid()) ? op.uuid() : op.uuid() + " (" + name + ")";
  }

  private Outcome run(Runner runner, OpSpec op, String counter, Map<String, String> failures, PrintWriter out,
      Map<String, String> names) {
    Optional<String> stale = recomputeStale ? Staleness.of(runner, op) : Optional.empty();
    if (runner.hasResult(op) && stale.isEmpty()) {
      runner.status(op); // repairs a status that a runner killed after done left running (the reference would recompute it)
      out.println(counter + label(op, names) + " already has a result, skipping.");
      return Outcome.STORED;
    }
    Optional<OpSpec> failedInput = op.dependencies(true).stream().filter(d -> failures.containsKey(d.uuid())).findFirst();
    if (failedInput.isPresent()) {
      out.println(counter + label(op, names) + " skipped: its input " + label(failedInput.get(), names) + " failed.");
      return Outcome.SKIPPED;
    }
    out.println(counter + (stale.isPresent() ? "Recomputing stale op " : "Materializing op ") + label(op, names) + "...");
    out.flush();
    long start = System.nanoTime();
    try {
      if (stale.isPresent()) {
        runner.recompute(op);
      } else {
        runner.materialize(op);
      }
    } catch (OpFailedException e) {
      failures.put(e.uuid(), e.getMessage());
      failures.putIfAbsent(op.uuid(), e.getMessage());
      out.println(counter + "FAILED: " + e.getMessage());
      return Outcome.FAILED;
    } catch (RuntimeException e) { // no implementation, store trouble: the op never started
      String message = op.wireName() + " " + op.uuid() + " cannot run: " + e.getMessage();
      failures.put(op.uuid(), message);
      out.println(counter + "FAILED: " + message);
      return Outcome.FAILED;
    }
    out.printf("%sOp %s materialized in %.2f s.%n", counter, label(op, names), (System.nanoTime() - start) / 1e9);
    return Outcome.COMPUTED;
  }

  /** Each computed op by its variable name, then the report of each evaluation computed: what the run was for. */
  private static void nameComputed(PrintWriter out, Selection selection, Map<OpSpec, Outcome> outcomes) {
    Map<String, String> names = new HashMap<>();
    selection.ops().forEach(named -> names.put(named.op().uuid(), ShowCommand.label(named)));
    List<OpSpec> computed = outcomes.entrySet().stream().filter(e -> e.getValue() == Outcome.COMPUTED)
        .map(Map.Entry::getKey).collect(Collectors.toList());
    if (computed.isEmpty()) {
      return;
    }
    out.println("Computed:");
    int width = computed.stream().mapToInt(op -> names.get(op.uuid()).length()).max().orElse(0);
    computed.forEach(op -> out.println("  " + String.format("%-" + width + "s", names.get(op.uuid())) + "  " + op.uuid()));
    for (OpSpec op : computed) {
      if (op instanceof ClassifierEvaluationOp) {
        out.println();
        ResultView.print(out, names.get(op.uuid()), op, selection.runner(), 0);
      }
    }
  }

  private static int summarize(PrintWriter out, Map<OpSpec, Outcome> outcomes, Map<String, String> failures,
      int planned, double seconds) {
    Map<Outcome, Long> counts = outcomes.values().stream().collect(Collectors.groupingBy(o -> o, Collectors.counting()));
    List<String> parts = new ArrayList<>();
    parts.add(counts.getOrDefault(Outcome.COMPUTED, 0L) + " computed");
    parts.add(counts.getOrDefault(Outcome.STORED, 0L) + " already stored");
    parts.add(counts.getOrDefault(Outcome.FAILED, 0L) + " failed");
    parts.add(counts.getOrDefault(Outcome.SKIPPED, 0L) + " skipped (an input failed)");
    if (outcomes.size() < planned) {
      parts.add((planned - outcomes.size()) + " not started");
    }
    out.printf("Summary: %d ops: %s, in %.2f s.%n", planned, String.join(", ", parts), seconds);
    Set<String> reported = new HashSet<>();
    for (Map.Entry<String, String> failure : failures.entrySet()) {
      if (reported.add(failure.getValue())) {
        out.println("  failed: " + failure.getValue());
      }
    }
    if (!failures.isEmpty()) {
      out.flush();
      throw new CliException(counts.getOrDefault(Outcome.FAILED, 0L) + " of " + planned + " ops failed",
          "`krnel status --state failed` lists them with their errors; fix the cause and run again"
              + " (completed results are kept)");
    }
    return 0;
  }
}
