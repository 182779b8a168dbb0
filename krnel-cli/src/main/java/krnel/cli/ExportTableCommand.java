package krnel.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import krnel.graph.OpSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code krnel export-table}: chosen columns of one row set, under their variable names, as Parquet or CSV. */
@Command(name = "export-table", mixinStandardHelpOptions = true, version = Krnel.VERSION,
    description = {"Write the columns named with -s (variable names in the graph source, in the order given) to one"
        + " file, each column under its name: .parquet (vectors as fixed-size lists, which pandas, pyarrow and DuckDB"
        + " read as arrays) or .csv (vectors as JSON arrays). Computes what the store lacks. The columns must have"
        + " one row set (the same dataset)."})
final class ExportTableCommand implements Callable<Integer> {
  @Mixin GraphOptions graph;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "out.parquet", description = "The file: *.parquet or *.csv.")
  Path output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (graph.names.isEmpty()) {
      throw new CliException("export-table needs the columns to write", "name each with -s, e.g. -s text -s score -s x");
    }
    List<String> wanted = new ArrayList<>(graph.names);
    try (Selection selection = Selection.open(graph, true, false, spec.commandLine().getErr())) {
      Map<String, OpSpec> columns = new LinkedHashMap<>();
      for (String name : wanted) {
        columns.put(name, find(selection.ops(), name));
      }
      try {
        selection.runner().export(output, columns);
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage(), "choose columns of one dataset with -s; `krnel print -f ...` lists them", e);
      }
      spec.commandLine().getOut().println("Wrote " + output + ": columns " + String.join(", ", wanted) + ".");
    }
    return 0;
  }

  /** The op named exactly {@code name}, else the one op whose name contains it. */
  private static OpSpec find(List<NamedOp> ops, String name) {
    for (NamedOp op : ops) {
      if (op.name().equals(name)) {
        return op.op();
      }
    }
    List<NamedOp> partial = ops.stream().filter(op -> op.name().contains(name)).collect(Collectors.toList());
    if (partial.size() == 1) {
      return partial.get(0).op();
    }
    throw new CliException(partial.isEmpty() ? "no op named " + name : "-s " + name + " matches several ops: "
        + partial.stream().map(NamedOp::name).collect(Collectors.joining(", ")),
        "give the variable name of one column exactly, e.g. -s text");
  }
}
