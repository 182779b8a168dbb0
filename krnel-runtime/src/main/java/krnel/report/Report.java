package krnel.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import krnel.graph.Graph;
import krnel.graph.OpNames;
import krnel.graph.OpSpec;
import krnel.graph.Pseudocode;
import krnel.ops.CategoryToBooleanOp;
import krnel.ops.ClassifierEvaluationOp;
import krnel.ops.SelectColumnOp;
import krnel.ops.UMAPVizOp;
import krnel.runner.OpState;
import krnel.runner.OpStatus;
import krnel.runner.Runner;
import krnel.types.BooleanColumn;
import krnel.types.CategoricalColumn;
import krnel.types.Dataset;
import krnel.types.TextColumn;
import krnel.viz.ScatterPlot;

/**
 * One self-contained HTML file about a graph, for a person: the graph as a drawn DAG (click an op for its
 * pseudocode, uuid, parameters, times and implementation version), per evaluation its ROC and PR curves with
 * operating points, score histograms by label, confusion matrices (per split, and per group of a group column) and
 * metrics, every evaluation on one ROC plot, UMAP scatter plots with each row's text and label, and a table of every
 * op. Charts are SVG drawn here; the page's only script (a few lines, inlined) shows details on a click. Nothing is
 * fetched: it works offline and can be mailed.
 *
 * <p>Only stored results are shown; ops not computed yet appear in the graph with their state. Nothing is computed
 * except ephemeral inputs of stored evaluations (cheap column selections).
 *
 * <pre>{@code
 * Report.write(Path.of("report.html"), evaluation, otherEvaluation);
 * }</pre>
 */
public final class Report {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Runner runner;
  private final Map<String, String> names = new HashMap<>(); // uuid -> a variable name given by the caller
  private final List<OpSpec> ops;
  private final List<CategoricalColumn> groups; // null: guessed per evaluation from the graph

  private Report(Runner runner, Map<String, ? extends OpSpec> named, List<? extends CategoricalColumn> groups) {
    this.runner = runner;
    named.forEach((name, op) -> names.putIfAbsent(op.uuid(), name));
    this.ops = Graph.allOps(List.copyOf(named.values()));
    this.groups = groups == null ? null : List.copyOf(groups);
  }

  /** Writes the report of {@code ops} and everything they depend on, from the runner they were built with. */
  public static void write(Path file, OpSpec... ops) {
    if (ops.length == 0) {
      throw new IllegalArgumentException("Report.write(" + file + "): no ops given; pass the evaluations to report on");
    }
    Map<String, OpSpec> named = new LinkedHashMap<>();
    for (OpSpec op : ops) {
      named.putIfAbsent(OpNames.label(op), op);
    }
    write(file, Runner.of(ops[0]), named);
  }

  /**
   * Writes the report of the named ops and their dependencies, read from {@code runner}'s store. Each evaluation's
   * confusion counts are also broken down by a group column when the graph has one: a categorical column selected
   * from the evaluation's dataset that is neither its ground truth's nor its split's (the first such op).
   */
  public static void write(Path file, Runner runner, Map<String, ? extends OpSpec> named) {
    write(new Report(runner, named, null), file);
  }

  /**
   * As above, with the group columns chosen: each evaluation's confusion counts per split are broken down by every
   * one of {@code groups} that is a column of the evaluation's dataset; an empty list shows none. A group column of
   * no reported evaluation's dataset, or one not stored, is an error.
   */
  public static void write(Path file, Runner runner, Map<String, ? extends OpSpec> named,
      List<? extends CategoricalColumn> groups) {
    if (groups == null) {
      throw new IllegalArgumentException("Report.write(" + file + "): groups is null; give List.of() for no group"
          + " breakdown, or leave the argument out to take the graph's group column");
    }
    write(new Report(runner, named, groups), file);
  }

  private static void write(Report report, Path file) {
    String html = report.html();
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      // a name of our own rather than createTempFile, whose 0600 permissions the renamed file would keep
      Path temporary = parent.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "."
          + System.nanoTime() + ".tmp");
      try {
        Files.writeString(temporary, html, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes each chart of the report as a PNG into {@code dir}, drawn with Java2D at twice the page's size (no
   * browser): {@code roc-all.png} (every evaluation), and per evaluation {@code <name>-roc.png}, {@code <name>-pr.png}
   * and {@code <name>-histogram-<split>.png}. Returns the files written.
   */
  public static List<Path> writePng(Path dir, Runner runner, Map<String, ? extends OpSpec> named) {
    Report report = new Report(runner, named, List.of()); // group breakdowns are tables, not charts
    List<EvaluationCharts> evaluations = report.evaluations();
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      if (!evaluations.isEmpty()) {
        written.add(png(EvaluationCharts.overlayPlot(evaluations), dir.resolve("roc-all.png")));
      }
      for (EvaluationCharts evaluation : evaluations) {
        String base = slug(evaluation.name);
        if (!evaluation.curveSplits().isEmpty()) {
          written.add(png(evaluation.rocPlot(), dir.resolve(base + "-roc.png")));
          written.add(png(evaluation.prPlot(), dir.resolve(base + "-pr.png")));
        }
        for (EvaluationCharts.Split split : evaluation.splits) {
          if (split.score().length > 0) {
            written.add(png(evaluation.histogramPlot(split), dir.resolve(base + "-histogram-" + slug(split.name()) + ".png")));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report's PNG files in " + dir + ": " + e.getMessage(), e);
    }
    return written;
  }

  private static Path png(SvgPlot plot, Path file) throws IOException {
    plot.png(file, 2);
    return file;
  }

  /** A file name part: letters and digits, runs of anything else as one '-'. */
  static String slug(String name) {
    String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-").replaceAll("^-|-$", "");
    return slug.isEmpty() ? "chart" : slug;
  }

  private List<EvaluationCharts> evaluations() {
    List<EvaluationCharts> evaluations = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (OpSpec op : ops) {
      if (op instanceof ClassifierEvaluationOp && runner.hasResult(op)) {
        ClassifierEvaluationOp evaluation = (ClassifierEvaluationOp) op;
        List<EvaluationCharts.Grouping> groupings = new ArrayList<>();
        for (OpSpec group : groupsOf(evaluation)) {
          used.add(group.uuid());
          groupings.add(new EvaluationCharts.Grouping(label(group), runner.toStrings(group)));
        }
        evaluations.add(EvaluationCharts.of(label(op), evaluation, runner, groupings));
      }
    }
    if (groups != null) {
      for (CategoricalColumn group : groups) {
        if (!used.contains(group.uuid())) {
          throw new IllegalArgumentException("report group column " + label(group) + ": it is a column of no stored"
              + " evaluation's dataset; give a categorical column of the dataset an evaluation scores (e.g."
              + " test.colCategorical(\"group\")), or run the evaluation first");
        }
      }
    }
    return evaluations;
  }

  /** The group columns of {@code evaluation}'s rows: those given, else a guess from the graph (at most one). */
  private List<? extends OpSpec> groupsOf(ClassifierEvaluationOp evaluation) {
    Optional<Dataset> rows = nearestDataset(evaluation.gtPositives());
    if (rows.isEmpty()) {
      return List.of();
    }
    String dataset = rows.get().uuid();
    if (groups != null) {
      List<CategoricalColumn> given = new ArrayList<>();
      for (CategoricalColumn group : groups) {
        if (nearestDataset(group).map(d -> d.uuid().equals(dataset)).orElse(false)) {
          if (!runner.hasResult(group)) {
            throw new IllegalArgumentException("report group column " + label(group) + ": not stored; run it first"
                + " (the report computes nothing)");
          }
          given.add(group);
        }
      }
      return given;
    }
    Set<String> excluded = new HashSet<>(); // the ground truth and the split are shown already
    for (OpSpec shown : new OpSpec[] {evaluation.gtPositives(), evaluation.split()}) {
      if (shown != null) {
        excluded.add(shown.uuid());
        shown.dependencies(true).forEach(dependency -> excluded.add(dependency.uuid()));
      }
    }
    return ops.stream().filter(op -> op instanceof CategoricalColumn && selects(op, rows.get())
        && !excluded.contains(op.uuid()) && runner.hasResult(op)).limit(1).toList();
  }

  /** The dataset whose rows {@code column} has: the nearest one it depends on (dependencies come inputs first). */
  private static Optional<Dataset> nearestDataset(OpSpec column) {
    if (column instanceof Dataset) {
      return Optional.of((Dataset) column);
    }
    return column.dependencies(true).stream().filter(Dataset.class::isInstance).map(Dataset.class::cast)
        .reduce((first, second) -> second);
  }

  /** A name a person reads: the caller's variable name, a name given in code, else short pseudocode. */
  String label(OpSpec op) {
    String name = names.get(op.uuid());
    if (name != null || OpNames.given(op).isPresent()) {
      return name != null ? name : OpNames.given(op).get();
    }
    if (op instanceof SelectColumnOp) { // mails["text"] reads better than a pseudocode reference by hash
      return label(((SelectColumnOp) op).dataset()) + "[\"" + ((SelectColumnOp) op).columnName() + "\"]";
    }
    return OpNames.shortCode(op);
  }

  private String html() {
    Map<String, OpStatus> statuses = new HashMap<>();
    ops.forEach(op -> statuses.put(op.uuid(), runner.status(op)));
    List<EvaluationCharts> evaluations = evaluations();
    StringBuilder s = new StringBuilder();
    s.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Krnel report</title>\n<style>")
        .append(resource("report.css")).append("</style></head>\n<body>\n<h1>Krnel report</h1>\n<p class=\"note\">store ")
        .append(SvgPlot.escape(runner.store().uri())).append(" · ").append(ops.size()).append(" ops · ")
        .append(evaluations.size()).append(" evaluations</p>\n");

    s.append("<h2 id=\"graph\">Graph</h2>\n<p class=\"note\">Click an op for its pseudocode, uuid, parameters and times."
        + " Green: stored; grey: not computed; blue: ephemeral (in memory); red: failed.</p>\n<div class=\"graph\">"
        + "<div class=\"dag-box\">")
        .append(DagSvg.svg(ops, this::label, op -> statuses.get(op.uuid()).state()))
        .append("</div><div id=\"details\"><p class=\"note\">No op selected.</p></div></div>\n");

    if (!evaluations.isEmpty()) {
      s.append("<h2 id=\"comparison\">Evaluations compared</h2>\n<div class=\"charts\">")
          .append(EvaluationCharts.overlaySvg(evaluations)).append("</div>\n");
    }
    for (EvaluationCharts evaluation : evaluations) {
      s.append("<section class=\"evaluation\"><h2>").append(SvgPlot.escape(evaluation.name)).append("</h2>\n")
          .append(evaluation.metricsHtml()).append("\n<div class=\"charts\">");
      if (!evaluation.curveSplits().isEmpty()) {
        s.append(evaluation.rocSvg()).append(evaluation.prSvg());
      }
      s.append("</div>\n<div class=\"charts\">");
      for (EvaluationCharts.Split split : evaluation.splits) {
        if (split.score().length > 0) {
          s.append(evaluation.histogramSvg(split));
        }
        s.append(evaluation.confusionHtml(split)).append(evaluation.groupsHtml(split));
      }
      s.append("</div></section>\n");
    }
    umaps(s);
    opsTable(s, statuses);
    s.append("<script type=\"application/json\" id=\"krnel-ops\">").append(opsJson(statuses).replace("</", "<\\/"))
        .append("</script>\n<script>").append(resource("report.js")).append("</script>\n</body></html>\n");
    return s.toString();
  }

  /** Each stored UMAP embedding, coloured by a label column of its dataset, with the dataset's text in tooltips. */
  private void umaps(StringBuilder s) {
    for (OpSpec op : ops) {
      if (!(op instanceof UMAPVizOp) || !runner.hasResult(op)) {
        continue;
      }
      ScatterPlot plot = ScatterPlot.of(runner.toFloatMatrix(op));
      Optional<Dataset> dataset = nearestDataset(op);
      String colouring = "";
      if (dataset.isPresent()) {
        Optional<OpSpec> colour = labelColumn(dataset.get());
        if (colour.isPresent()) {
          plot.colorBy(runner, colour.get());
          colouring = " coloured by " + ScatterPlot.columnName(colour.get());
        }
        column(dataset.get(), TextColumn.class).ifPresent(text -> plot.texts(runner.toStrings(text)));
      }
      s.append("<h2>").append(SvgPlot.escape(label(op))).append("</h2>\n<div class=\"charts\">")
          .append(plot.title(label(op) + colouring).svg()).append("</div>\n");
    }
  }

  /** A categorical column of {@code dataset} in the graph (a boolean made from one counts), else a boolean column. */
  private Optional<OpSpec> labelColumn(Dataset dataset) {
    for (OpSpec op : ops) {
      if (op instanceof CategoryToBooleanOp && selects(((CategoryToBooleanOp) op).inputCategory(), dataset)) {
        return Optional.of(op);
      }
    }
    Optional<OpSpec> categories = column(dataset, CategoricalColumn.class);
    return categories.isPresent() ? categories : column(dataset, BooleanColumn.class);
  }

  private Optional<OpSpec> column(Dataset dataset, Class<?> type) {
    return ops.stream().filter(op -> type.isInstance(op) && selects(op, dataset)).findFirst();
  }

  private static boolean selects(OpSpec column, Dataset dataset) {
    return column instanceof SelectColumnOp && ((SelectColumnOp) column).dataset().uuid().equals(dataset.uuid());
  }

  private void opsTable(StringBuilder s, Map<String, OpStatus> statuses) {
    s.append("<h2 id=\"ops\">Every op</h2>\n<table class=\"ops\"><tr><th>name</th><th>type</th><th>state</th>"
        + "<th>compute time</th></tr>\n");
    for (int i = 0; i < ops.size(); i++) {
      OpSpec op = ops.get(i);
      OpStatus status = statuses.get(op.uuid());
      Double seconds = seconds(status);
      s.append("<tr data-index=\"").append(i).append("\"><td>").append(SvgPlot.escape(label(op))).append("</td><td>")
          .append(op.wireName()).append("</td><td><span class=\"state\" style=\"background:")
          .append(DagSvg.fill(status.state())).append("\">").append(status.state().wireName()).append("</span></td><td>")
          .append(seconds == null ? "" : String.format(Locale.ROOT, "%.3f s", seconds)).append("</td></tr>\n");
    }
    s.append("</table>\n");
  }

  private String opsJson(Map<String, OpStatus> statuses) {
    ArrayNode list = JSON.createArrayNode();
    for (OpSpec op : ops) {
      OpStatus status = statuses.get(op.uuid());
      ObjectNode node = list.addObject();
      node.put("name", label(op));
      node.put("type", op.wireName());
      node.put("uuid", op.uuid());
      node.put("state", status.state().wireName());
      node.put("code", Pseudocode.expression(op));
      node.set("parameters", JSON.valueToTree(printable(op.parameters())));
      node.put("started", status.timeStarted() == null ? null : status.timeStarted().toString());
      node.put("completed", status.timeCompleted() == null ? null : status.timeCompleted().toString());
      node.put("seconds", seconds(status));
      node.put("version", status.implementationVersion());
      node.put("stale", status.state() == OpState.COMPLETED ? runner.staleness(op).orElse(null) : null);
      node.put("error", status.error());
    }
    try {
      return JSON.writeValueAsString(list);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parameters as JSON can show them: enums and other values by their text. */
  private static Map<String, Object> printable(Map<String, Object> parameters) {
    Map<String, Object> out = new LinkedHashMap<>();
    parameters.forEach((key, value) -> out.put(key, value == null || value instanceof Number || value instanceof Boolean
        || value instanceof String || value instanceof List || value instanceof Map ? value : String.valueOf(value)));
    return out;
  }

  private static Double seconds(OpStatus status) {
    if (status.timeStarted() == null || status.timeCompleted() == null) {
      return null;
    }
    return Duration.between(status.timeStarted(), status.timeCompleted()).toNanos() / 1e9;
  }

  private static String resource(String name) {
    try (InputStream in = Report.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("krnel-runtime is missing its resource krnel/report/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
