package krnel.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import krnel.graph.OpSpec;
import krnel.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code krnel report}: one offline HTML file about the selected graph. */
@Command(name = "report", mixinStandardHelpOptions = true, version = Krnel.VERSION,
    description = {"Write one self-contained HTML file (no network needed to view it): the graph drawn with each op's"
        + " details on a click, per evaluation ROC and PR curves, score histograms, confusion matrices and metrics per"
        + " split, every evaluation on one ROC, UMAP plots, and a table of every op. Shows stored results only:"
        + " run `krnel run` first."})
final class ReportCommand implements Callable<Integer> {
  @Mixin GraphOptions graph;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "report.html", description = "The HTML file to write.")
  Path output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (Selection selection = Selection.open(graph, true, false, spec.commandLine().getErr())) {
      Map<String, OpSpec> named = new LinkedHashMap<>();
      for (NamedOp op : selection.ops()) {
        String name = ShowCommand.label(op);
        for (int k = 2; named.containsKey(name); k++) {
          name = ShowCommand.label(op) + " (" + k + ")";
        }
        named.put(name, op.op());
      }
      Report.write(output, selection.runner(), named);
      spec.commandLine().getOut().println("Wrote " + output + " (" + selection.ops().size() + " selected ops).");
    }
    return 0;
  }
}
