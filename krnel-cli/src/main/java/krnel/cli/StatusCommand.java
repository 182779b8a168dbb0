package krnel.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import krnel.graph.GraphJson;
import krnel.runner.OpState;
import krnel.runner.OpStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code krnel status}: each op's state in the store; failed ops with their error, stale ones with why. */
@Command(name = "status", mixinStandardHelpOptions = true, version = Krnel.VERSION,
    description = {"Show the state of each op in the store, sorted by uuid: '<uuid>: <state>'.",
        "Failed ops are followed by their error; completed ops whose result was made by another implementation"
            + " version are marked stale, with why; running ops whose runner is gone (its lock is free, or no"
            + " heartbeat for a minute) are marked 'running (dead: pid ... on host ...)'. Without -f/-c/-g/-u: every"
            + " op in the store."})
final class StatusCommand implements Callable<Integer> {
  @Mixin GraphOptions graph;

  @Option(names = {"-j", "--json"}, description = "One status.json document per line, plus \"stale\" when it is.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Selection selection = Selection.open(graph, true, true, spec.commandLine().getErr())) {
      for (NamedOp named : selection.byUuid()) {
        OpStatus status = selection.runner().status(named.op());
        Optional<String> stale = Staleness.of(selection.runner(), named.op());
        Optional<String> dead = selection.runner().deadRunner(named.op());
        if (json) {
          ObjectNode line = (ObjectNode) GraphJson.parse(status.toJson());
          stale.ifPresent(why -> line.put("stale", why));
          dead.ifPresent(who -> line.put("dead", who));
          out.println(line);
        } else {
          out.println(named.op().uuid() + ": " + status.state().wireName() + stale.map(why -> " (stale: " + why + ")").orElse("")
              + dead.map(who -> " (dead: " + who + ")").orElse(""));
          if (status.state() == OpState.FAILED && status.error() != null) {
            out.println("    error: " + status.error().replace("\n", "\n    "));
          }
        }
      }
    }
    return 0;
  }
}
