package krnel.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import krnel.graph.OpSpec;
import krnel.runner.Runner;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** Vector results as float rows, and comparing them. */
final class VectorResults {
  private VectorResults() {}

  /** The op's float32 result as rows of floats, null rows as null; checks the column's name and type. */
  static float[][] rows(Runner runner, OpSpec op) {
    return rows(runner, op, FloatingPointPrecision.SINGLE);
  }

  /** As {@link #rows(Runner, OpSpec)}, for elements of type {@code element}. */
  static float[][] rows(Runner runner, OpSpec op, FloatingPointPrecision element) {
    try (VectorSchemaRoot table = runner.toArrow(op)) {
      assertEquals(1, table.getFieldVectors().size());
      FixedSizeListVector column = (FixedSizeListVector) table.getVector(0);
      assertEquals(op.uuid(), column.getName());
      assertEquals(new ArrowType.FloatingPoint(element), column.getField().getChildren().get(0).getType());
      FloatingPointVector values = (FloatingPointVector) column.getDataVector();
      int size = column.getListSize();
      float[][] rows = new float[table.getRowCount()][];
      for (int i = 0; i < rows.length; i++) {
        if (!column.isNull(i)) {
          rows[i] = new float[size];
          for (int k = 0; k < size; k++) {
            rows[i][k] = (float) values.getValueAsDouble(i * size + k);
          }
        }
      }
      return rows;
    }
  }

  /** Row by row within {@code tolerance}; null rows must be null in both. */
  static void assertClose(float[][] expected, float[][] actual, double tolerance) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i] == null, actual[i] == null, "row " + i + " null in one of them only");
      if (expected[i] == null) {
        continue;
      }
      assertEquals(expected[i].length, actual[i].length);
      for (int k = 0; k < expected[i].length; k++) {
        int row = i;
        int col = k;
        assertTrue(Math.abs(expected[i][k] - actual[i][k]) <= tolerance,
            () -> "row " + row + " [" + col + "]: " + expected[row][col] + " vs " + actual[row][col]);
      }
    }
  }
}
