package krnel.probe;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A float32 matrix copied into column-major tiles of {@link #TILE} rows, each column of a tile an array of its
 * own, so that the product {@code X v} is a loop of {@code z += v_j * column_j} over arrays that are all indexed
 * from 0 over a whole tile: C2 on JDK 17 vectorizes that, while it turns a dot product over a row into slow
 * ordered reductions and does not vectorize a loop over two float arrays read at different offsets (it cannot
 * rule out that they alias).
 *
 * <p>Products are float, summed in float over chunks of {@link #SCORE_CHUNK} columns and the chunks in double:
 * relative errors of about 1e-7, so {@link LinearModelTrainer} uses them only for score changes along a search
 * direction (the error shrinks with the step), never for scores themselves.
 */
final class ColumnTiles {
  /** Rows per tile, the trainer's row block: long enough for C2's vector loops (256 floats or less ran slower). */
  static final int TILE = 512;
  private static final int SCORE_CHUNK = 64;
  private static final int COPY_COLUMNS = 16;

  private final float[][][] tiles; // [tile][column][row in tile]
  private final int[] rows;
  private final int d;

  private ColumnTiles(float[][][] tiles, int[] rows, int d) {
    this.tiles = tiles;
    this.rows = rows;
    this.d = d;
  }

  /** Copies {@code n} rows of {@code d} floats of row-major {@code x}, tiles in parallel. */
  static ColumnTiles copy(float[] x, int n, int d) {
    int count = (n + TILE - 1) / TILE;
    float[][][] tiles = new float[count][][];
    int[] rows = new int[count];
    IntStream.range(0, count).parallel().forEach(t -> {
      rows[t] = Math.min(TILE, n - t * TILE);
      tiles[t] = transpose(x, t * TILE, rows[t], d);
    });
    return new ColumnTiles(tiles, rows, d);
  }

  /** Columns of rows {@code first ..< first + count}, {@link #COPY_COLUMNS} at a time (a few write streams, not d). */
  private static float[][] transpose(float[] x, int first, int count, int d) {
    float[][] columns = new float[d][count];
    for (int j0 = 0; j0 < d; j0 += COPY_COLUMNS) {
      int end = Math.min(d, j0 + COPY_COLUMNS);
      for (int i = 0; i < count; i++) {
        int offset = (first + i) * d;
        for (int j = j0; j < end; j++) {
          columns[j][i] = x[offset + j];
        }
      }
    }
    return columns;
  }

  int count() {
    return tiles.length;
  }

  int rows(int tile) {
    return rows[tile];
  }

  /** {@code z[first + i] = x_i . v} for the rows {@code i} of {@code tile}; {@code sum} is scratch of {@link #TILE} floats. */
  void product(int tile, float[] v, double[] z, int first, float[] sum) {
    float[][] columns = tiles[tile];
    int count = rows[tile];
    Arrays.fill(z, first, first + count, 0);
    for (int j0 = 0; j0 < d; j0 += SCORE_CHUNK) {
      Arrays.fill(sum, 0);
      int end = Math.min(d, j0 + SCORE_CHUNK);
      int j = j0;
      for (; j + 3 < end; j += 4) {
        axpy4(v[j], columns[j], v[j + 1], columns[j + 1], v[j + 2], columns[j + 2], v[j + 3], columns[j + 3], sum);
      }
      for (; j < end; j++) {
        axpy(v[j], columns[j], sum);
      }
      for (int i = 0; i < count; i++) {
        z[first + i] += sum[i];
      }
    }
  }

  /** Four columns per pass over {@code sum}: a quarter of the loads and stores of {@code sum} that one column makes. */
  private static void axpy4(float a, float[] ca, float b, float[] cb, float c, float[] cc, float e, float[] ce,
      float[] sum) {
    for (int i = 0; i < ca.length; i++) {
      sum[i] += a * ca[i] + b * cb[i] + c * cc[i] + e * ce[i];
    }
  }

  private static void axpy(float a, float[] column, float[] sum) {
    for (int i = 0; i < column.length; i++) {
      sum[i] += a * column[i];
    }
  }
}
