package krnel.jupyter;

import java.util.List;
import krnel.graph.OpSpec;
import krnel.graph.Pseudocode;

/** How an op shows itself in a cell: its graph as an SVG DAG, then its pseudocode. Computes nothing. */
final class OpView {
  private static final String OP_FILL = "#e8f0fe";

  private OpView() {}

  static Rich of(OpSpec op) {
    String svg = GraphSvg.of(List.of(op), ignored -> OP_FILL);
    String code = Pseudocode.of(op);
    String html = "<div class=\"krnel-op\"><div style=\"overflow-x:auto\">" + svg + "</div>"
        + "<details><summary>pseudocode</summary><pre>" + Html.escape(code) + "</pre></details></div>";
    return Rich.text(op.wireName() + " " + op.uuid() + "\n" + code)
        .with("text/html", html)
        .with("image/svg+xml", svg);
  }
}
