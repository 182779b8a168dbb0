package krnel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import krnel.graph.OpSpec;
import krnel.ops.ClassifierEvaluationOp;
import krnel.ops.TrainClassifierOp;
import krnel.runner.Runner;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A stored result as a person reads it (tables) or as a machine does (one JSON object): an evaluation's metrics per
 * split, a probe's kind, preprocessing and largest weights, a table's schema, row count and first rows.
 */
final class ResultView {
  /** The columns of an evaluation table: report key, heading. */
  static final List<String[]> EVALUATION_COLUMNS = List.of(new String[] {"count", "rows"},
      new String[] {"n_true", "positives"}, new String[] {"roc_auc", "AUROC"}, new String[] {"average_precision", "AP"},
      new String[] {"best_accuracy", "best acc"}, new String[] {"accuracy", "accuracy"},
      new String[] {"tpr@fpr=0.01", "TPR@FPR=.01"}, new String[] {"tpr@fpr=0.05", "TPR@FPR=.05"},
      new String[] {"precision@0.5", "P@R=.5"}, new String[] {"precision@0.9", "P@R=.9"});
  static final int TOP_WEIGHTS = 10;
  private static final int CELL = 40;

  private ResultView() {}

  /** Prints {@code op}'s stored result under the heading {@code name}. */
  static void print(PrintWriter out, String name, OpSpec op, Runner runner, int rows) {
    out.println(name + "  (" + op.uuid() + ")");
    if (!op.isEphemeral() && !runner.hasResult(op)) {
      out.println("  no result yet: compute it with `krnel run`");
      return;
    }
    if (op instanceof ClassifierEvaluationOp) {
      evaluation(out, runner.toJson(op));
    } else if (op instanceof TrainClassifierOp) {
      probe(out, runner.toJson(op));
    } else if (isTable(op, runner)) {
      try (VectorSchemaRoot table = runner.toArrow(op)) {
        table(out, table, rows);
      }
    } else {
      runner.toJson(op).toPrettyString().lines().forEach(line -> out.println("  " + line));
    }
  }

  /** The result as one JSON object: name, uuid, type and the result (a table as schema, row count and first rows). */
  static ObjectNode json(String name, OpSpec op, Runner runner, int rows) {
    ObjectNode node = JsonNodeFactory.instance.objectNode().put("name", name).put("uuid", op.uuid()).put("type", op.wireName());
    if (!op.isEphemeral() && !runner.hasResult(op)) {
      return node.putNull("result");
    }
    if (!isTable(op, runner)) {
      node.set("result", runner.toJson(op));
      return node;
    }
    try (VectorSchemaRoot table = runner.toArrow(op)) {
      ObjectNode result = node.putObject("result");
      ArrayNode schema = result.putArray("schema");
      table.getSchema().getFields().forEach(f -> schema.addObject().put("name", f.getName()).put("type", type(f)));
      result.put("rows", table.getRowCount());
      ArrayNode head = result.putArray("head");
      for (int r = 0; r < Math.min(rows, table.getRowCount()); r++) {
        ObjectNode row = head.addObject();
        for (FieldVector v : table.getFieldVectors()) {
          Object value = v.getObject(r);
          row.set(v.getName(), JsonNodeFactory.instance.pojoNode(value == null ? null : value instanceof List ? value : value.toString()));
        }
      }
      return node;
    }
  }

  private static boolean isTable(OpSpec op, Runner runner) {
    try {
      runner.toArrow(op).close();
      return true;
    } catch (IllegalStateException e) { // a JSON result
      return false;
    }
  }

  static void evaluation(PrintWriter out, JsonNode report) {
    List<String> header = new ArrayList<>(List.of("split"));
    List<String[]> shown = EVALUATION_COLUMNS.stream()
        .filter(c -> iterable(report.fields()).stream().anyMatch(e -> e.getValue().has(c[0]))).toList();
    shown.forEach(c -> header.add(c[1]));
    List<List<String>> rows = new ArrayList<>();
    report.fields().forEachRemaining(split -> {
      List<String> row = new ArrayList<>(List.of(split.getKey()));
      shown.forEach(c -> row.add(number(split.getValue().get(c[0]))));
      rows.add(row);
    });
    Table.print(out, header, rows);
  }

  static void probe(PrintWriter out, JsonNode model) {
    out.println("  kind: " + model.path("model_type").asText() + " (" + model.path("kind").asText() + ", scores are "
        + model.path("score_kind").asText() + ")");
    out.println("  features: " + model.path("n_features").asText() + "; preprocessing: "
        + model.path("preprocessing").path("type").asText("none") + "; converged: " + model.path("converged").asText("?")
        + " after " + model.path("n_iter").asText("?") + " iterations");
    JsonNode weights = model.path("weights");
    if (!weights.isArray() || weights.isEmpty()) {
      out.println("  (no linear weights: a " + model.path("kind").asText() + " model)");
      return;
    }
    int[] order = IntStream.range(0, weights.size()).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -Math.abs(weights.get(i).asDouble())))
        .limit(TOP_WEIGHTS).mapToInt(Integer::intValue).toArray();
    out.println("  intercept: " + number(model.get("intercept")) + "; largest weights (of " + weights.size() + "):");
    List<List<String>> rows = new ArrayList<>();
    for (int i : order) {
      rows.add(List.of("  " + i, number(weights.get(i))));
    }
    Table.print(out, List.of("  feature", "weight"), rows);
  }

  static void table(PrintWriter out, VectorSchemaRoot table, int rows) {
    out.println("  " + table.getRowCount() + " rows; schema:");
    table.getSchema().getFields().forEach(f -> out.println("    " + f.getName() + ": " + type(f)));
    List<String> header = new ArrayList<>(List.of("  row"));
    table.getFieldVectors().forEach(v -> header.add(v.getName()));
    List<List<String>> cells = new ArrayList<>();
    for (int r = 0; r < Math.min(rows, table.getRowCount()); r++) {
      List<String> line = new ArrayList<>(List.of("  " + r));
      for (FieldVector v : table.getFieldVectors()) {
        line.add(cell(v.getObject(r)));
      }
      cells.add(line);
    }
    if (!cells.isEmpty()) {
      Table.print(out, header, cells);
    }
  }

  static String type(Field field) {
    String type = field.getType().toString();
    return field.getChildren().isEmpty() ? type : type + "<" + type(field.getChildren().get(0)) + ">";
  }

  private static String cell(Object value) {
    String text = value == null ? "null" : value instanceof List ? shortList((List<?>) value) : value.toString();
    text = text.replaceAll("\\s+", " ");
    return text.length() <= CELL ? text : text.substring(0, CELL - 1) + "…";
  }

  private static String shortList(List<?> values) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < Math.min(3, values.size()); i++) {
      Object v = values.get(i);
      parts.add(v instanceof Number ? String.format(Locale.ROOT, "%.4g", ((Number) v).doubleValue()) : String.valueOf(v));
    }
    return "[" + String.join(", ", parts) + (values.size() > 3 ? ", … (" + values.size() + ")" : "") + "]";
  }

  private static String number(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "";
    }
    return value.isIntegralNumber() ? value.asText() : value.isNumber()
        ? String.format(Locale.ROOT, "%.4f", value.asDouble()) : value.asText();
  }

  private static <T> List<T> iterable(Iterator<T> it) {
    List<T> list = new ArrayList<>();
    it.forEachRemaining(list::add);
    return list;
  }
}
