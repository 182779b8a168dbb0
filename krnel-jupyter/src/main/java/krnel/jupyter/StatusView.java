package krnel.jupyter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import krnel.graph.Graph;
import krnel.graph.OpNames;
import krnel.graph.OpSpec;
import krnel.report.DagSvg;
import krnel.runner.OpStatus;
import krnel.runner.Runner;

/**
 * {@code krnel status} for a notebook: the graph coloured by each op's stored state (the report's DAG, in its
 * colours), and a table of the ops with their state, completion time and error. Reads statuses only; computes nothing.
 */
final class StatusView {
  private StatusView() {}

  static Rich of(Runner runner, OpSpec root) {
    List<OpSpec> ops = Graph.allOps(List.of(root));
    Map<String, OpStatus> statuses = new HashMap<>();
    for (OpSpec op : ops) {
      statuses.put(op.uuid(), runner.status(op));
    }
    String svg = DagSvg.svg(ops, OpNames::label, op -> statuses.get(op.uuid()).state());
    StringBuilder text = new StringBuilder();
    StringBuilder rows = new StringBuilder();
    for (OpSpec op : ops) {
      OpStatus status = statuses.get(op.uuid());
      String completed = status.timeCompleted() == null ? "" : status.timeCompleted().toString();
      String error = status.error() == null ? "" : status.error();
      text.append(String.format("%-10s %s %s%n", status.state().wireName(), op.wireName(), OpView.hashPrefix(op)));
      rows.append("<tr><td style=\"background:").append(DagSvg.fill(status.state())).append("\">")
          .append(Html.escape(status.state().wireName())).append("</td><td>").append(Html.escape(op.wireName()))
          .append("</td><td><code>").append(OpView.hashPrefix(op)).append("</code></td><td>")
          .append(Html.escape(completed)).append("</td><td>").append(Html.escape(error)).append("</td></tr>");
    }
    String html = "<div class=\"krnel-status\"><div style=\"overflow-x:auto\">" + svg + "</div>"
        + "<table><thead><tr><th>state</th><th>op</th><th>hash</th><th>completed</th><th>error</th></tr></thead><tbody>"
        + rows + "</tbody></table></div>";
    return Rich.text(text.toString()).with("text/html", html);
  }
}
