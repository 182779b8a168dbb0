package krnel.jupyter;

import com.google.inject.Module;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import krnel.graph.OpSpec;
import krnel.ops.ClassifierEvaluationOp;
import krnel.runner.Runner;
import krnel.runner.RunnerConfig;
import krnel.types.Classifier;
import krnel.types.EvaluationReport;
import krnel.types.VizEmbeddingColumn;

/**
 * What a notebook cell calls; the kernel imports it statically ({@code runner()}, {@code show(op)},
 * ...). An op evaluated as a cell's last expression shows its graph; these show its results.
 *
 * <pre>{@code
 * Dataset mails = runner().fromParquet(Path.of("mails.parquet"));
 * show(report);                 // computes it: metrics per split, ROC and precision-recall curves
 * scatter(umap, label);         // the embedding as a PNG, coloured by a column
 * }</pre>
 */
public final class Notebook {
  private static final int DEFAULT_ROWS = 10;
  private static final int MAX_JSON_CHARS = 4000;
  /** The implementations of {@code %%krnelop} cells, by implementation class name: a redeclaration replaces its entry. */
  private static final Map<String, Module> CELL_MODULES = new LinkedHashMap<>();
  private static Runner runner;

  private Notebook() {}

  /**
   * The notebook's runner, on the configured store ({@code KRNEL_STORE_URI}, the config file, or a
   * temp dir), with the implementations of every {@code %%krnelop} cell run so far. A cell that
   * declares implementations makes the next call open a new runner on the same store (results are
   * kept); use this one rather than {@code Runner.local()}, which cannot see them.
   */
  public static synchronized Runner runner() {
    if (runner == null) {
      runner = Runner.open(RunnerConfig.resolve().storeUri(), CELL_MODULES.values().toArray(Module[]::new));
    }
    return runner;
  }

  /** Called by {@code %%krnelop}: the cell's implementations replace those of the same class name. */
  static synchronized void useImplementations(Map<String, Module> modules) {
    if (!modules.isEmpty()) {
      CELL_MODULES.putAll(modules);
      runner = null; // not closed: ops and results read through it stay usable
    }
  }

  /** Shows {@code value} now, as a cell's last expression would, without ending the cell. */
  public static void display(Object value) {
    KrnelKernel.current().display(value);
  }

  /** The graph of {@code op} as an SVG DAG with its pseudocode, as the op shows itself; computes nothing. */
  public static Rich graph(OpSpec op) {
    return OpView.of(op);
  }

  /**
   * Computes {@code op} (what is not stored yet) and shows its result: an evaluation report as tables
   * and curves, a 2-D embedding as a scatter plot, a classifier as its model's JSON, anything else as
   * its first rows.
   */
  public static Rich show(OpSpec op) {
    Runner current = runner();
    current.materialize(op);
    if (op instanceof EvaluationReport report) {
      return ReportView.of(current, report);
    }
    if (op instanceof VizEmbeddingColumn) {
      return ScatterView.of(current, op, null);
    }
    if (op instanceof Classifier) { // a model: JSON, not a table
      String json = current.toJson(op).toPrettyString();
      String shown = json.length() <= MAX_JSON_CHARS ? json : json.substring(0, MAX_JSON_CHARS) + "\n… (" + json.length() + " characters)";
      return Rich.text(shown).with("text/html", "<pre>" + Html.escape(shown) + "</pre>");
    }
    return TableView.of(current, op, DEFAULT_ROWS);
  }

  /** The report of an evaluation: a metrics table per split, ROC and precision-recall curves. */
  public static Rich report(ClassifierEvaluationOp evaluation) {
    return show(evaluation);
  }

  /** The first {@code rows} rows of an op's table (a dataset or a column), computing it if needed. */
  public static Rich rows(OpSpec op, int rows) {
    runner().materialize(op);
    return TableView.of(runner(), op, rows);
  }

  /** A 2-D embedding (a UMAP op) as a PNG scatter plot coloured by {@code colour}, a column of the same rows. */
  public static Rich scatter(OpSpec embedding, OpSpec colour) {
    runner().materialize(List.of(embedding, colour));
    return ScatterView.of(runner(), embedding, colour);
  }

  /** Like {@code krnel status}: the graph coloured by each op's stored state, and a table of the states. */
  public static Rich status(OpSpec op) {
    return StatusView.of(runner(), op);
  }
}
