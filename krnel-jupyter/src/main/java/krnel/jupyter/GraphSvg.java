package krnel.jupyter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import krnel.graph.Graph;
import krnel.graph.OpSpec;

/**
 * An op graph drawn as SVG, server-side, so a notebook shows it offline and in its saved HTML: one
 * box per op (its wire name and the first digits of its hash), inputs above the ops that read them,
 * arrows from input to reader. Layers are longest paths from the sources; within a layer ops sit
 * under the mean position of their inputs, which keeps the quickstart's edges from crossing.
 */
final class GraphSvg {
  private static final int BOX_WIDTH = 190;
  private static final int BOX_HEIGHT = 38;
  private static final int GAP_X = 24;
  private static final int GAP_Y = 34;
  private static final int PAD = 10;

  private GraphSvg() {}

  /** The graph of {@code roots}, boxes filled by {@code fill} (a CSS colour per op). */
  static String of(List<? extends OpSpec> roots, Function<OpSpec, String> fill) {
    List<OpSpec> ops = Graph.allOps(roots); // inputs first
    Map<String, Integer> layerOf = new HashMap<>();
    List<List<OpSpec>> layers = new ArrayList<>();
    for (OpSpec op : ops) {
      int layer = 0;
      for (OpSpec input : Graph.inputs(op)) {
        layer = Math.max(layer, layerOf.get(input.uuid()) + 1);
      }
      layerOf.put(op.uuid(), layer);
      while (layers.size() <= layer) {
        layers.add(new ArrayList<>());
      }
      layers.get(layer).add(op);
    }
    Map<String, double[]> position = new HashMap<>(); // centre x, top y
    int widest = layers.stream().mapToInt(List::size).max().orElse(1);
    double width = widest * (BOX_WIDTH + GAP_X) - GAP_X + 2 * PAD;
    for (int layer = 0; layer < layers.size(); layer++) {
      List<OpSpec> row = new ArrayList<>(layers.get(layer));
      Map<String, Double> wanted = new HashMap<>();
      for (int i = 0; i < row.size(); i++) {
        wanted.put(row.get(i).uuid(), meanInputX(row.get(i), position, i));
      }
      row.sort(Comparator.comparingDouble(op -> wanted.get(op.uuid())));
      double rowWidth = row.size() * (BOX_WIDTH + GAP_X) - GAP_X;
      double left = (width - rowWidth) / 2;
      for (int i = 0; i < row.size(); i++) {
        position.put(row.get(i).uuid(), new double[] {
            left + i * (BOX_WIDTH + GAP_X) + BOX_WIDTH / 2.0, PAD + layer * (BOX_HEIGHT + GAP_Y)});
      }
    }
    double height = layers.size() * (BOX_HEIGHT + GAP_Y) - GAP_Y + 2 * PAD;

    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"krnel-graph\" width=\"%.0f\""
        + " height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">", width, height, width, height));
    svg.append("<defs><marker id=\"krnel-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\""
        + " markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#666\"/></marker></defs>");
    for (OpSpec op : ops) {
      double[] to = position.get(op.uuid());
      for (OpSpec input : distinct(Graph.inputs(op))) {
        double[] from = position.get(input.uuid());
        double y1 = from[1] + BOX_HEIGHT;
        double y2 = to[1];
        double middle = (y1 + y2) / 2;
        svg.append(String.format(Locale.ROOT, "<path class=\"edge\" d=\"M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f\""
            + " fill=\"none\" stroke=\"#666\" marker-end=\"url(#krnel-arrow)\"/>",
            from[0], y1, from[0], middle, to[0], middle, to[0], y2));
      }
    }
    for (OpSpec op : ops) {
      double[] at = position.get(op.uuid());
      double x = at[0] - BOX_WIDTH / 2.0;
      svg.append("<g class=\"op\"><title>").append(Html.escape(op.uuid())).append("</title>");
      svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" rx=\"6\" fill=\"%s\""
          + " stroke=\"#444\"/>", x, at[1], BOX_WIDTH, BOX_HEIGHT, fill.apply(op)));
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>",
          at[0], at[1] + 16, Html.escape(shorten(op.wireName()))));
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#555\">%s</text></g>",
          at[0], at[1] + 31, Html.escape(hashPrefix(op))));
    }
    return svg.append("</svg>").toString();
  }

  /** The first 8 hex digits of the op's hash, as the pseudocode names it. */
  static String hashPrefix(OpSpec op) {
    String uuid = op.uuid();
    String hash = uuid.substring(uuid.indexOf('_') + 1);
    return hash.substring(0, Math.min(8, hash.length()));
  }

  private static double meanInputX(OpSpec op, Map<String, double[]> position, int index) {
    List<OpSpec> inputs = Graph.inputs(op);
    if (inputs.isEmpty()) {
      return index * (BOX_WIDTH + GAP_X);
    }
    return inputs.stream().mapToDouble(input -> position.get(input.uuid())[0]).average().orElse(0);
  }

  private static List<OpSpec> distinct(List<OpSpec> inputs) {
    List<OpSpec> out = new ArrayList<>();
    for (OpSpec input : inputs) {
      if (out.stream().noneMatch(o -> o.uuid().equals(input.uuid()))) {
        out.add(input);
      }
    }
    return out;
  }

  private static String shorten(String wireName) {
    return wireName.length() <= 26 ? wireName : wireName.substring(0, 25) + "…";
  }
}
