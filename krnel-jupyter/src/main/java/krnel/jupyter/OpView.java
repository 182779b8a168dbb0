package krnel.jupyter;

import java.util.List;
import krnel.graph.Graph;
import krnel.graph.OpNames;
import krnel.graph.OpSpec;
import krnel.graph.Pseudocode;
import krnel.report.DagSvg;

/**
 * How an op shows itself in a cell: its graph as an SVG DAG (the report's, without states), then its pseudocode.
 * Computes nothing and reads no store.
 */
final class OpView {
  private OpView() {}

  static Rich of(OpSpec op) {
    String svg = DagSvg.svg(Graph.allOps(List.of(op)), OpNames::label);
    String code = Pseudocode.of(op);
    String html = "<div class=\"krnel-op\"><div style=\"overflow-x:auto\">" + svg + "</div>"
        + "<details><summary>pseudocode</summary><pre>" + Html.escape(code) + "</pre></details></div>";
    return Rich.text(op.wireName() + " " + op.uuid() + "\n" + code)
        .with("text/html", html)
        .with("image/svg+xml", svg);
  }

  /** The first 8 hex digits of the op's hash, as the pseudocode names it. */
  static String hashPrefix(OpSpec op) {
    String uuid = op.uuid();
    String hash = uuid.substring(uuid.indexOf('_') + 1);
    return hash.substring(0, Math.min(8, hash.length()));
  }
}
