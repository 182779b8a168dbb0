package krnel.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import krnel.graph.OpSpec;
import krnel.runner.OpState;

/**
 * A graph drawn as layers, top-down: an op's layer is the longest path from a source to it, and ops within a layer
 * are ordered by the mean position of their inputs (one barycentre pass), which keeps most edges short. Each op is
 * one {@code <g class="node" data-index="i">} (its index in the given list), coloured by state. The report and the
 * notebook's views (krnel-jupyter) both draw their graphs with it.
 *
 * <pre>{@code
 * List<OpSpec> ops = Graph.allOps(List.of(report));
 * String svg = DagSvg.svg(ops, OpNames::label, op -> runner.status(op).state());
 * }</pre>
 */
public final class DagSvg {
  static final int NODE_W = 178;
  static final int NODE_H = 40;
  private static final int GAP_X = 18;
  private static final int GAP_Y = 34;
  private static final int PAD = 10;
  /** The fill of an op whose state is not asked for: an op as built, before any runner. */
  static final String NO_STATE_FILL = "#e8f0fe";
  static final Map<OpState, String> FILL = Map.of(OpState.COMPLETED, "#c8e6c9", OpState.NEW, "#eeeeee",
      OpState.PENDING, "#fff3c4", OpState.RUNNING, "#ffe082", OpState.FAILED, "#ffcdd2", OpState.EPHEMERAL, "#d6e6f5");

  private DagSvg() {}

  /**
   * The graph of {@code ops}, each box named by {@code label} (bold) and its wire name, filled by its {@link #fill
   * state}. {@code ops} must hold each op's inputs before it (as {@code Graph.allOps} gives them).
   */
  public static String svg(List<OpSpec> ops, Function<OpSpec, String> label, Function<OpSpec, OpState> state) {
    return draw(ops, label, state);
  }

  /** The graph of {@code ops} without states: every box in one neutral colour and no {@code data-state}. */
  public static String svg(List<OpSpec> ops, Function<OpSpec, String> label) {
    return draw(ops, label, null);
  }

  /** The colour the graph fills an op of {@code state} with, for a table beside it. */
  public static String fill(OpState state) {
    return state == null ? NO_STATE_FILL : FILL.getOrDefault(state, NO_STATE_FILL);
  }

  private static String draw(List<OpSpec> ops, Function<OpSpec, String> label, Function<OpSpec, OpState> state) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < ops.size(); i++) {
      index.put(ops.get(i).uuid(), i);
    }
    int[] layer = new int[ops.size()];
    List<List<Integer>> inputs = new ArrayList<>();
    int layers = 0;
    for (int i = 0; i < ops.size(); i++) {
      List<Integer> in = new ArrayList<>();
      for (OpSpec input : ops.get(i).dependencies()) {
        Integer j = index.get(input.uuid());
        if (j != null) {
          in.add(j);
          layer[i] = Math.max(layer[i], layer[j] + 1);
        }
      }
      inputs.add(in);
      layers = Math.max(layers, layer[i] + 1);
    }
    double[] x = new double[ops.size()];
    int widest = 0;
    for (int l = 0; l < layers; l++) {
      List<Integer> row = new ArrayList<>();
      for (int i = 0; i < ops.size(); i++) {
        if (layer[i] == l) {
          row.add(i);
        }
      }
      Map<Integer, Double> wanted = new HashMap<>();
      for (int i : row) {
        wanted.put(i, inputs.get(i).stream().mapToDouble(j -> x[j]).average().orElse(i));
      }
      row.sort(Comparator.comparingDouble(wanted::get));
      for (int k = 0; k < row.size(); k++) {
        x[row.get(k)] = k;
      }
      widest = Math.max(widest, row.size());
    }
    int width = 2 * PAD + widest * (NODE_W + GAP_X);
    int height = 2 * PAD + layers * (NODE_H + GAP_Y);
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dag\" data-nodes=\"%d\" width=\"%d\""
        + " height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">\n", ops.size(), width, height));
    for (int i = 0; i < ops.size(); i++) {
      for (int j : inputs.get(i)) {
        double x1 = left(x[j]) + NODE_W / 2.0;
        double y1 = top(layer[j]) + NODE_H;
        double x2 = left(x[i]) + NODE_W / 2.0;
        double y2 = top(layer[i]);
        s.append(String.format(Locale.ROOT, "<path class=\"edge\" d=\"M%.0f,%.0f C%.0f,%.0f %.0f,%.0f %.0f,%.0f\" fill=\"none\""
            + " stroke=\"#888\"/>\n", x1, y1, x1, y1 + GAP_Y, x2, y2 - GAP_Y, x2, y2));
      }
    }
    for (int i = 0; i < ops.size(); i++) {
      OpSpec op = ops.get(i);
      OpState st = state == null ? null : state.apply(op);
      String stateAttribute = st == null ? "" : " data-state=\"" + st.wireName() + "\"";
      String title = label.apply(op) + " (" + op.wireName() + (st == null ? "" : ", " + st.wireName()) + ")";
      s.append(String.format(Locale.ROOT, "<g class=\"node\" data-index=\"%d\"%s tabindex=\"0\""
              + " transform=\"translate(%.0f,%.0f)\"><rect width=\"%d\" height=\"%d\" rx=\"5\" fill=\"%s\" stroke=\"#555\"/>"
              + "<text x=\"6\" y=\"16\" font-weight=\"bold\">%s</text><text x=\"6\" y=\"31\" fill=\"#444\">%s</text>"
              + "<title>%s</title></g>\n",
          i, stateAttribute, left(x[i]), top(layer[i]), NODE_W, NODE_H, fill(st),
          SvgPlot.escape(cut(label.apply(op), 27)), SvgPlot.escape(cut(op.wireName(), 29)), SvgPlot.escape(title)));
    }
    return s.append("</svg>").toString();
  }

  private static double left(double column) {
    return PAD + column * (NODE_W + GAP_X);
  }

  private static double top(int layer) {
    return PAD + layer * (NODE_H + GAP_Y);
  }

  static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
