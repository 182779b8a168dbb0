package krnel.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import krnel.graph.OpSpec;
import krnel.report.Report;
import krnel.types.CategoricalColumn;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code krnel report}: one offline HTML file about the selected graph. */
@Command(name = "report", mixinStandardHelpOptions = true, version = Krnel.VERSION,
    description = {"Write one self-contained HTML file (no network needed to view it): the graph drawn with each op's"
        + " details on a click, per evaluation ROC and PR curves, score histograms, confusion matrices and metrics per"
        + " split, confusion counts per group (--groups), every evaluation on one ROC, UMAP plots, and a table of every"
        + " op. Shows stored results only: run `krnel run` first."})
final class ReportCommand implements Callable<Integer> {
  @Mixin GraphOptions graph;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "report.html", description = "The HTML file to write.")
  Path output;

  @Option(names = "--groups", paramLabel = "NAME", description = "A categorical column (its variable name) to break"
      + " each evaluation of its dataset down by: confusion counts per group at the operating threshold. Repeatable."
      + " By default a categorical column of the evaluated dataset in the graph, other than the label and the split.")
  List<String> groups = new ArrayList<>();

  @Option(names = "--no-groups", description = "No confusion counts per group.")
  boolean noGroups;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (noGroups && !groups.isEmpty()) {
      throw new CliException("--groups and --no-groups contradict each other", "give one of them");
    }
    try (Selection selection = Selection.open(graph, true, false, spec.commandLine().getErr())) {
      Map<String, OpSpec> named = new LinkedHashMap<>();
      for (NamedOp op : selection.ops()) {
        String name = ShowCommand.label(op);
        for (int k = 2; named.containsKey(name); k++) {
          name = ShowCommand.label(op) + " (" + k + ")";
        }
        named.put(name, op.op());
      }
      if (groups.isEmpty() && !noGroups) {
        Report.write(output, selection.runner(), named);
      } else {
        List<CategoricalColumn> columns = new ArrayList<>();
        for (String name : groups) {
          columns.add(groupColumn(selection.ops(), name));
        }
        try {
          Report.write(output, selection.runner(), named, columns);
        } catch (IllegalArgumentException e) {
          throw new CliException(e.getMessage(), "give --groups a categorical column of an evaluated dataset, and run"
              + " the evaluation first (`krnel run`)", e);
        }
      }
      spec.commandLine().getOut().println("Wrote " + output + " (" + selection.ops().size() + " selected ops).");
    }
    return 0;
  }

  /** The categorical column named exactly {@code name}, else the one selected op whose name contains it. */
  private static CategoricalColumn groupColumn(List<NamedOp> ops, String name) {
    List<NamedOp> found = ops.stream().filter(op -> op.name().equals(name)).toList();
    if (found.isEmpty()) {
      found = ops.stream().filter(op -> op.name().contains(name)).toList();
    }
    if (found.size() != 1) {
      throw new CliException(found.isEmpty() ? "--groups " + name + ": no op named " + name : "--groups " + name
          + " matches several ops: " + found.stream().map(NamedOp::name).collect(Collectors.joining(", ")),
          "give the variable name of a categorical column exactly, e.g. --groups group (and keep it in the selection"
          + " if you narrow it with -s)");
    }
    OpSpec op = found.get(0).op();
    if (!(op instanceof CategoricalColumn)) {
      throw new CliException("--groups " + name + ": " + op.wireName() + " is not a categorical column",
          "give a column such as mails.colCategorical(\"group\")");
    }
    return (CategoricalColumn) op;
  }
}
