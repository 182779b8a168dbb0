package krnel.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import krnel.graph.GraphFormatException;
import krnel.graph.GraphJson;
import krnel.graph.GraphJson.NodeCheck;
import krnel.graph.OpCatalogue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code krnel verify GRAPH.json}: rebuilds every op of a graph JSON file with the ops on the
 * classpath and checks that each hashes to the uuid it was saved under. Prints {@code <uuid> ok}
 * per node in pre-order, or what went wrong with it (for a changed op, the diff of its saved node
 * against the rebuilt one); exits 1 if any node does not verify.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    version = Krnel.VERSION,
    description = {
      "Rebuild every op of a graph JSON file and check that it hashes to the uuid it was saved under.",
      "Prints '<uuid> ok' for each node, root first; for a changed op, the diff of its saved node"
          + " against the rebuilt one. Exits 1 if any node does not verify."
    })
public final class VerifyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "GRAPH.json", description = "The graph JSON file to check.")
  Path graph;

  @Option(names = {"-v", "--verbose"}, description = "Print stack traces of errors.")
  boolean verbose;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String json = GraphFiles.readText(graph);
    List<NodeCheck> checks;
    try {
      checks = GraphJson.verify(json, OpCatalogue.load());
    } catch (GraphFormatException e) {
      throw new CliException(e.getMessage(), GraphFiles.hint(e), e);
    }
    int failed = 0;
    for (NodeCheck check : checks) {
      switch (check.status()) {
        case OK:
          out.println(check.uuid() + " ok");
          continue;
        case MISMATCH:
          out.println(check.uuid() + " MISMATCH: rebuilt as " + check.rebuilt().uuid());
          out.println(check.detail());
          break;
        case INVALID:
          out.println(check.uuid() + " INVALID: " + check.detail());
          break;
        default:
          out.println(check.uuid() + " skipped: its input " + check.detail() + " did not verify");
      }
      failed++;
    }
    out.flush();
    if (failed > 0) {
      err.println("error: " + failed + " of " + checks.size() + " nodes of " + graph + " did not verify");
      err.println("hint: an op's definition changed since the graph was saved (fields added or removed, defaults"
          + " changed); rebuild the graph with the current ops, or read it with the version that wrote it");
      err.flush();
      return Krnel.PROBLEM;
    }
    return 0;
  }
}
