package krnel.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import krnel.graph.Graph;
import krnel.graph.OpSpec;
import krnel.ops.ImmutableGroupedOp;
import krnel.ops.LoadLocalParquetDatasetOp;
import krnel.runner.OpFailedException;
import krnel.runner.OpState;
import krnel.runner.OpStatus;
import krnel.runner.Runner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code krnel make-group}: registers the selected ops in the store as one {@code GroupedOp}, so
 * that another machine can run them by uuid alone ({@code krnel run -u <uuid>}).
 */
@Command(name = "make-group", mixinStandardHelpOptions = true, version = Krnel.VERSION,
    description = {"Register the selected ops in the store as one GroupedOp (or the op itself, if only one is"
        + " selected) and print its uuid; Parquet datasets it reads are copied into the store. Then, where the"
        + " store is shared: krnel run -u <uuid>."})
final class MakeGroupCommand implements Callable<Integer> {
  @Mixin GraphOptions graph;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Selection selection = Selection.open(graph, true, true, true, spec.commandLine().getErr())) {
      List<OpSpec> ops = selection.byUuid().stream().map(NamedOp::op).collect(Collectors.toList());
      OpSpec group = ops.size() == 1 ? ops.get(0) : ImmutableGroupedOp.builder().ops(ops).build();
      Runner runner = selection.runner();
      Stores.checkWritable(runner, "nothing was registered");
      try {
        if (runner.store().readStatus(group.uuid()).isEmpty()) {
          runner.store().writeStatus(OpStatus.of(group, group.isEphemeral() ? OpState.EPHEMERAL : OpState.NEW));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      List<OpSpec> datasets = Graph.allOps(List.of(group)).stream() // the group itself, when it is the one dataset
          .filter(op -> op instanceof LoadLocalParquetDatasetOp).collect(Collectors.toList());
      try {
        runner.materialize(datasets);
      } catch (OpFailedException e) {
        throw new CliException(e.getMessage(), "make-group copies the Parquet datasets into the store, so that other"
            + " machines can read them: run it where the files are", e);
      }
      out.println(group.uuid());
    }
    return 0;
  }
}
