package krnel.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import krnel.graph.OpSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code krnel diff}: how two graphs differ, as a unified diff of their pseudocode. */
@Command(name = "diff", mixinStandardHelpOptions = true, version = Krnel.VERSION,
    description = {"Compare two ops: a unified diff of the pseudocode of their whole graphs. Select exactly two named"
        + " ops (dependencies are not added), e.g. -g old.json -g new.json, or -f Main.java -s probeA -s probeB.",
        "Exits 0 when the graphs are equal, 1 when they differ (like diff)."})
final class DiffCommand implements Callable<Integer> {
  @Mixin GraphOptions graph;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Selection selection = Selection.open(graph, false, true, spec.commandLine().getErr())) {
      List<NamedOp> ops = selection.ops();
      if (ops.size() != 2) {
        throw new CliException("diff compares two ops, but " + ops.size() + " are selected: "
            + ops.stream().map(NamedOp::name).limit(5).collect(Collectors.joining(", ")) + (ops.size() > 5 ? ", ..." : ""),
            "select two, e.g. -g old.json -g new.json, or -f Main.java -s nameA -s nameB");
      }
      OpSpec a = ops.get(0).op();
      OpSpec b = ops.get(1).op();
      String diff = a.diff(b);
      out.print(diff.isEmpty() || diff.endsWith("\n") ? diff : diff + "\n");
      return diff.isEmpty() ? 0 : 1;
    }
  }
}
