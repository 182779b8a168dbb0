package krnel.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import krnel.runner.OpState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code krnel summary}: how many ops of each type are in each state. */
@Command(name = "summary", mixinStandardHelpOptions = true, version = Krnel.VERSION,
    description = {"Count the selected ops by type and state: a table (ephemeral ops left out), or with --json"
        + " {\"<Type>\": {\"<state>\": count}} including ephemeral ops."})
final class SummaryCommand implements Callable<Integer> {
  private static final List<OpState> COLUMNS =
      List.of(OpState.NEW, OpState.PENDING, OpState.RUNNING, OpState.COMPLETED, OpState.FAILED);

  @Mixin GraphOptions graph;

  @Option(names = {"-j", "--json"}, description = "Print JSON.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Map<OpState, Integer>> counts = new TreeMap<>();
    Map<String, Integer> stale = new TreeMap<>();
    try (Selection selection = Selection.open(graph, true, true, spec.commandLine().getErr())) {
      for (NamedOp named : selection.ops()) {
        String type = named.op().wireName();
        counts.computeIfAbsent(type, t -> new EnumMap<>(OpState.class))
            .merge(selection.runner().status(named.op()).state(), 1, Integer::sum);
        if (Staleness.of(selection.runner(), named.op()).isPresent()) {
          stale.merge(type, 1, Integer::sum);
        }
      }
    }
    if (json) {
      ObjectNode root = JsonNodeFactory.instance.objectNode();
      counts.forEach((type, states) -> {
        ObjectNode row = root.putObject(type);
        states.forEach((state, count) -> row.put(state.wireName(), count));
      });
      out.println(root.toPrettyString());
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    counts.entrySet().stream()
        .filter(e -> total(e.getValue()) > 0)
        .sorted(Comparator.<Map.Entry<String, Map<OpState, Integer>>>comparingInt(e -> -total(e.getValue()))
            .thenComparing(Map.Entry::getKey))
        .forEach(e -> {
          List<String> row = new ArrayList<>(List.of(e.getKey(), String.valueOf(total(e.getValue()))));
          COLUMNS.forEach(state -> row.add(String.valueOf(e.getValue().getOrDefault(state, 0))));
          row.add(String.valueOf(stale.getOrDefault(e.getKey(), 0)));
          rows.add(row);
        });
    Table.print(out, List.of("Group", "Total", "New", "Pending", "Running", "Completed", "Failed", "Stale"), rows);
    return 0;
  }

  /** Ops that are not ephemeral. */
  private static int total(Map<OpState, Integer> states) {
    return states.entrySet().stream().filter(e -> e.getKey() != OpState.EPHEMERAL).mapToInt(Map.Entry::getValue).sum();
  }
}
