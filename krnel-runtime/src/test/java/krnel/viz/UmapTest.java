package krnel.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import krnel.ops.LoadInlineJsonDatasetOp;
import krnel.ops.UMAPVizOp;
import krnel.runner.OpFailedException;
import krnel.runner.Runner;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

class UmapTest {
  static final Umap.Parameters DEFAULTS =
      new Umap.Parameters(15, 200, 42, false, 1.0, 0.1, 1.0, 1.0, 1.0, 1.0, 5, Double.POSITIVE_INFINITY, false);

  /** Reference values: umap-learn's find_ab_params (scipy curve_fit), run with Debian's scipy. */
  @Test
  void curveMatchesUmapLearn() {
    double[][] cases = {
        {1.0, 0.1, 1.5769434601962196, 0.8950608779914887},
        {1.0, 0.5, 0.583030020479462, 1.3341669929263487},
        {2.0, 0.01, 0.6353444079504852, 0.7955528900000487},
        {1.0, 0.0, 1.9328083975546724, 0.7904949734010681},
    };
    for (double[] c : cases) {
      double[] ab = CurveFit.ab(c[0], c[1]);
      assertEquals(c[2], ab[0], 1e-5 * c[2], "a for spread " + c[0] + ", min_dist " + c[1]);
      assertEquals(c[3], ab[1], 1e-5 * c[3], "b for spread " + c[0] + ", min_dist " + c[1]);
    }
  }

  @Test
  void jacobiFindsEigenvectors() {
    double[][] m = {{4, 1, 0.5}, {1, 3, 0.2}, {0.5, 0.2, 1}};
    double[][] vectors = krnel.linalg.Jacobi.eigenvectorsByDecreasingValue(m);
    double previous = Double.POSITIVE_INFINITY;
    for (double[] v : vectors) {
      double[] mv = new double[3];
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          mv[i] += m[i][j] * v[j];
        }
      }
      double lambda = mv[0] * v[0] + mv[1] * v[1] + mv[2] * v[2];
      for (int i = 0; i < 3; i++) {
        assertEquals(lambda * v[i], mv[i], 1e-12);
      }
      assertTrue(lambda < previous);
      previous = lambda;
    }
  }

  /** The ring graph's first two non-trivial Laplacian eigenvectors are a cosine and a sine: the circle comes back. */
  @Test
  void spectralLayoutOfARingIsACircle() {
    int n = 60;
    float[][] ring = new float[n][];
    for (int i = 0; i < n; i++) {
      double angle = 2 * Math.PI * i / n;
      ring[i] = new float[] {(float) Math.cos(angle), (float) Math.sin(angle), 0.3f};
    }
    FuzzyGraph graph = FuzzyGraph.of(NearestNeighbors.of(ring, 5, false), 1.0, 1.0, Double.POSITIVE_INFINITY);
    assertEquals(1, graph.components());
    double[][] layout = SpectralLayout.of(graph, new java.util.SplittableRandom(1));
    double[] radius = new double[n];
    int turns = 0;
    for (int i = 0; i < n; i++) {
      radius[i] = Math.hypot(layout[i][0], layout[i][1]);
      double a = Math.atan2(layout[i][1], layout[i][0]);
      double b = Math.atan2(layout[(i + 1) % n][1], layout[(i + 1) % n][0]);
      double step = Math.IEEEremainder(b - a, 2 * Math.PI);
      turns += step > 0 ? 1 : -1;
    }
    assertEquals(n, Math.abs(turns), "every step turns the same way around the origin");
    double mean = java.util.Arrays.stream(radius).average().orElseThrow();
    for (double r : radius) {
      assertEquals(mean, r, 0.05 * mean);
    }
  }

  @Test
  void nearestNeighborsAreExactWithSelfFirst() {
    float[][] x = {{0, 0}, {1, 0}, {0, 2}, {0, 0}, {5, 5}};
    NearestNeighbors knn = NearestNeighbors.of(x, 3, false);
    assertArrayEquals(new int[] {0, 3, 1}, knn.indices[0]);
    assertArrayEquals(new int[] {3, 0, 1}, knn.indices[3]);
    assertArrayEquals(new double[] {0, 0, 1}, knn.distances[3]);
    assertArrayEquals(new int[] {4, 2, 1}, knn.indices[4]);
    assertEquals(Math.sqrt(25 + 9), knn.distances[4][1], 1e-12);
    NearestNeighbors cosine = NearestNeighbors.of(new float[][] {{1, 0}, {2, 0.1f}, {0, 1}}, 3, true);
    assertEquals(1 - Math.cos(Math.PI / 2), cosine.distances[2][2], 1e-7);
  }

  /** Three separated blobs stay apart, and a seed always gives the same embedding. */
  @Test
  void separatesClustersDeterministically() {
    int perCluster = 60;
    float[][] x = blobs(perCluster, 3, 16, 8.0, new Random(3));
    float[][] embedding = Umap.embed(x, DEFAULTS);
    assertEquals(x.length, embedding.length);
    int sameCluster = 0;
    for (int i = 0; i < x.length; i++) {
      int nearest = -1;
      double best = Double.POSITIVE_INFINITY;
      for (int j = 0; j < x.length; j++) {
        double d = Math.hypot(embedding[i][0] - embedding[j][0], embedding[i][1] - embedding[j][1]);
        if (j != i && d < best) {
          best = d;
          nearest = j;
        }
        assertTrue(Float.isFinite(embedding[i][0]) && Float.isFinite(embedding[i][1]));
      }
      sameCluster += nearest / perCluster == i / perCluster ? 1 : 0;
    }
    assertEquals(x.length, sameCluster, "every point's nearest embedded neighbour is in its own cluster");
    assertTrue(java.util.Arrays.deepEquals(embedding, Umap.embed(x, DEFAULTS)));
    Umap.Parameters otherSeed = new Umap.Parameters(15, 200, 43, false, 1.0, 0.1, 1.0, 1.0, 1.0, 1.0, 5,
        Double.POSITIVE_INFINITY, false);
    assertFalse(java.util.Arrays.deepEquals(embedding, Umap.embed(x, otherSeed)));
  }

  /**
   * The layout splits each epoch's points among the threads: one thread and four give the same bits
   * (2,400 rows, so exact neighbours and the parallel path), and the four-thread pool did share work.
   */
  @Test
  void theEmbeddingDoesNotDependOnTheThreadCount() throws Exception {
    float[][] x = blobs(800, 3, 16, 4.0, new Random(11));
    Umap.Parameters p = new Umap.Parameters(15, 50, 42, false, 1.0, 0.1, 1.0, 1.0, 1.0, 1.0, 5,
        Double.POSITIVE_INFINITY, false);
    ForkJoinPool one = new ForkJoinPool(1);
    ForkJoinPool four = new ForkJoinPool(4);
    try {
      float[][] alone = one.submit(() -> Umap.embed(x, p)).get();
      float[][] shared = four.submit(() -> Umap.embed(x, p)).get();
      assertTrue(four.getStealCount() > 0, "the four threads split the work");
      assertTrue(java.util.Arrays.deepEquals(alone, shared), "the same embedding on 1 and 4 threads");
    } finally {
      one.shutdown();
      four.shutdown();
    }
  }

  /** Reference values: scikit-learn 1.2.1's trustworthiness (Debian's python3-sklearn) on the same floats. */
  @Test
  void trustworthinessMatchesScikitLearn() {
    int n = 40;
    float[][] x = new float[n][4];
    float[][] y = new float[n][2];
    for (int i = 0; i < n; i++) {
      for (int d = 0; d < 4; d++) {
        x[i][d] = (float) Math.sin(1.3 * i + 0.7 * d * d);
      }
      y[i][0] = (float) (Math.cos(0.5 * i) + 0.1 * (i % 3));
      y[i][1] = (float) Math.sin(0.9 * i);
    }
    float[][] firstTwo = new float[n][];
    for (int i = 0; i < n; i++) {
      firstTwo[i] = new float[] {x[i][0], x[i][1]};
    }
    assertEquals(0.506875, Trustworthiness.of(x, y, 5), 1e-12);
    assertEquals(0.5140476190476191, Trustworthiness.of(x, y, 3), 1e-12);
    assertEquals(0.9978125, Trustworthiness.of(x, firstTwo, 5), 1e-12);
  }

  /** A connected curve (spectral start): neighbours along it stay neighbours. */
  @Test
  void keepsTheNeighboursOfACurve() {
    Random random = new Random(5);
    int n = 200;
    float[][] x = new float[n][8];
    for (int i = 0; i < n; i++) {
      double t = 3.0 * i / n;
      x[i][0] = (float) Math.cos(t);
      x[i][1] = (float) Math.sin(t);
      x[i][2] = (float) t;
      for (int d = 3; d < 8; d++) {
        x[i][d] = (float) (0.01 * random.nextGaussian());
      }
    }
    float[][] embedding = Umap.embed(x, DEFAULTS);
    int kept = 0;
    for (int i = 1; i < n - 1; i++) {
      // The two curve neighbours of i should be among its 6 nearest points in the embedding.
      List<Integer> nearest = nearest(embedding, i, 6);
      kept += (nearest.contains(i - 1) ? 1 : 0) + (nearest.contains(i + 1) ? 1 : 0);
    }
    assertTrue(kept > 0.9 * 2 * (n - 2), "curve neighbours kept: " + kept + " of " + 2 * (n - 2));
  }

  @Test
  void throughTheRunner() {
    float[][] x = blobs(20, 2, 5, 6.0, new Random(9));
    Map<String, List<?>> data = new LinkedHashMap<>();
    List<List<Double>> rows = new ArrayList<>();
    for (float[] row : x) {
      List<Double> values = new ArrayList<>();
      for (float v : row) {
        values.add((double) v);
      }
      rows.add(values);
    }
    data.put("x", rows);
    try (Runner runner = Runner.memory()) {
      LoadInlineJsonDatasetOp ds = runner.fromInlineDataset(data);
      UMAPVizOp umap = ds.colVector("x").umapVis(o -> o.nNeighbors(10).metric("cosine"));
      try (VectorSchemaRoot table = runner.toArrow(umap)) {
        FixedSizeListVector column = (FixedSizeListVector) table.getVector(0);
        assertEquals(umap.uuid(), column.getName());
        assertEquals(2, column.getListSize());
        assertEquals(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE),
            column.getField().getChildren().get(0).getType());
      }
      assertEquals(40, runner.toFloatMatrix(umap).length);

      OpFailedException densmap = assertThrows(OpFailedException.class,
          () -> runner.materialize(ds.colVector("x").umapVis(o -> o.densmap(true))));
      assertTrue(densmap.getMessage().contains("UMAPVizOp") && densmap.getMessage().contains(
          "densmap: true is not supported by Krnel for Java's UMAP; densMAP is not implemented; set it to false"),
          densmap.getMessage());
      OpFailedException metric = assertThrows(OpFailedException.class,
          () -> runner.materialize(ds.colVector("x").umapVis(o -> o.metric("manhattan"))));
      assertTrue(metric.getMessage().contains("metric: 'manhattan' is not supported"), metric.getMessage());
      OpFailedException minDist = assertThrows(OpFailedException.class,
          () -> runner.materialize(ds.colVector("x").umapVis(o -> o.minDist(2.0))));
      assertTrue(minDist.getMessage().contains("min_dist: is 2.0 but must be between 0 and spread"), minDist.getMessage());
    }
  }

  static float[][] blobs(int perCluster, int clusters, int dims, double separation, Random random) {
    float[][] x = new float[perCluster * clusters][dims];
    for (int c = 0; c < clusters; c++) {
      for (int i = 0; i < perCluster; i++) {
        for (int d = 0; d < dims; d++) {
          x[c * perCluster + i][d] = (float) ((d == c ? separation : 0) + random.nextGaussian());
        }
      }
    }
    return x;
  }

  private static List<Integer> nearest(float[][] points, int i, int k) {
    List<Integer> order = new ArrayList<>();
    for (int j = 0; j < points.length; j++) {
      if (j != i) {
        order.add(j);
      }
    }
    order.sort((a, b) -> Double.compare(dist(points[i], points[a]), dist(points[i], points[b])));
    return order.subList(0, k);
  }

  private static double dist(float[] a, float[] b) {
    return Math.hypot(a[0] - b[0], a[1] - b[1]);
  }
}
