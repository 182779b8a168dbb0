package krnel.impl;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import krnel.graph.OpSpec;
import krnel.runner.OpFailedException;
import krnel.runner.Runner;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** Helpers for the implementation tests: datasets by columns, results as Java values. */
final class ImplTesting {
  private ImplTesting() {}

  /** {@code data("a", List.of(1, 2), "b", List.of("x", "y"))}, columns in this order. */
  static Map<String, List<?>> data(Object... namesAndColumns) {
    Map<String, List<?>> data = new LinkedHashMap<>();
    for (int i = 0; i < namesAndColumns.length; i += 2) {
      data.put((String) namesAndColumns[i], (List<?>) namesAndColumns[i + 1]);
    }
    return data;
  }

  /** A list that may hold nulls. */
  static List<Object> listOf(Object... values) {
    return new ArrayList<>(Arrays.asList(values));
  }

  /** The only column of {@code op}'s result, as pyarrow's {@code to_pylist()}. */
  static List<Object> values(Runner runner, OpSpec op) {
    try (VectorSchemaRoot table = runner.toArrow(op)) {
      if (table.getFieldVectors().size() != 1) {
        throw new AssertionError("expected one column, got " + Tables.names(table));
      }
      if (!table.getVector(0).getName().equals(op.uuid())) {
        throw new AssertionError("the column should be named " + op.uuid() + ", got " + table.getVector(0).getName());
      }
      return ArrowValues.values(table.getVector(0));
    }
  }

  /** The column {@code name} of {@code op}'s result. */
  static List<Object> values(Runner runner, OpSpec op, String name) {
    try (VectorSchemaRoot table = runner.toArrow(op)) {
      if (table.getVector(name) == null) {
        throw new AssertionError("no column " + name + " in " + Tables.names(table));
      }
      return ArrowValues.values(table.getVector(name));
    }
  }

  static List<String> columnNames(Runner runner, OpSpec op) {
    try (VectorSchemaRoot table = runner.toArrow(op)) {
      return Tables.names(table);
    }
  }

  static int rowCount(Runner runner, OpSpec op) {
    try (VectorSchemaRoot table = runner.toArrow(op)) {
      return table.getRowCount();
    }
  }

  static ArrowType type(Runner runner, OpSpec op, String name) {
    try (VectorSchemaRoot table = runner.toArrow(op)) {
      return table.getSchema().findField(name).getType();
    }
  }

  /** {@code op} fails, naming itself, with a message that holds every one of {@code parts}. */
  static OpFailedException fails(Runner runner, OpSpec op, String... parts) {
    OpFailedException e = assertThrows(OpFailedException.class, () -> runner.materialize(op));
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), () -> "expected \"" + part + "\" in: " + e.getMessage());
    }
    return e;
  }
}
