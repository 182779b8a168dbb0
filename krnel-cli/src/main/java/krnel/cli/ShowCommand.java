package krnel.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import krnel.graph.OpNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code krnel show}: stored results for a person, or as JSON. */
@Command(name = "show", mixinStandardHelpOptions = true, version = Krnel.VERSION,
    description = {"Print the stored results of the selected ops: an evaluation as a table of metrics per split (AUROC,"
        + " AP, best accuracy, TPR at FPR, precision at recall), a probe's kind, preprocessing and largest weights, a"
        + " table's schema, row count and first rows. Only the named ops unless --deps; nothing is computed."})
final class ShowCommand implements Callable<Integer> {
  @Mixin GraphOptions graph;

  @Option(names = {"-j", "--json"}, description = "One JSON object per op and line: name, uuid, type, result.")
  boolean json;

  @Option(names = "--rows", paramLabel = "N", description = "Rows of a table to print (default ${DEFAULT-VALUE}).")
  int rows = 5;

  @Option(names = "--deps", description = "Also show the named ops' inputs and stored dependencies.")
  boolean deps;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Selection selection = Selection.open(graph, deps, true, spec.commandLine().getErr())) {
      boolean first = true;
      for (NamedOp named : selection.ops()) {
        String name = label(named);
        if (json) {
          out.println(ResultView.json(name, named.op(), selection.runner(), rows));
        } else {
          if (!first) {
            out.println();
          }
          ResultView.print(out, name, named.op(), selection.runner(), rows);
        }
        first = false;
      }
    }
    return 0;
  }

  /** The variable name the source gave, else a name given in code, else short pseudocode. */
  static String label(NamedOp named) {
    return named.name().equals(named.op().uuid()) ? OpNames.label(named.op()) : named.name();
  }
}
