package krnel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import krnel.graph.GraphJson;
import krnel.graph.OpSpec;
import krnel.graph.Pseudocode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code krnel print}: the selected ops as pseudocode, or as JSON. */
@Command(name = "print", mixinStandardHelpOptions = true, version = Krnel.VERSION,
    description = {"Print the selected ops as pseudocode, dependencies first; with --json, one line per op:"
        + " {\"uuid\": ..., \"type\": ..., <fields>} with inputs as uuids."})
final class PrintCommand implements Callable<Integer> {
  @Mixin GraphOptions graph;

  @Option(names = {"-j", "--json"}, description = "Print JSON, one op per line.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Selection selection = Selection.open(graph, true, true, spec.commandLine().getErr())) {
      List<OpSpec> ops = selection.byUuid().stream().map(NamedOp::op).collect(Collectors.toList());
      if (!json) {
        out.print(ops.size() == 1 ? ops.get(0).toCode() : Pseudocode.statements(ops));
        return 0;
      }
      for (OpSpec op : ops) {
        JsonNode node = GraphJson.parse(GraphJson.write(op)).path("nodes").path(op.uuid());
        ObjectNode line = JsonNodeFactory.instance.objectNode().put("uuid", op.uuid());
        line.setAll((ObjectNode) node);
        out.println(line);
      }
    }
    return 0;
  }
}
