package krnel.probe;

/** Our row-major float32 rows and boolean labels in the shapes Smile's trainers take. */
final class SmileData {
  private SmileData() {}

  /** {@code n} rows of {@code d} doubles holding the float32 values exactly. */
  static double[][] rows(float[] x, int n, int d) {
    double[][] rows = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        rows[i][j] = x[i * d + j];
      }
    }
    return rows;
  }

  /** {@code positive} for class true, {@code negative} for false. */
  static int[] labels(boolean[] y, int positive, int negative) {
    int[] labels = new int[y.length];
    for (int i = 0; i < y.length; i++) {
      labels[i] = y[i] ? positive : negative;
    }
    return labels;
  }
}
