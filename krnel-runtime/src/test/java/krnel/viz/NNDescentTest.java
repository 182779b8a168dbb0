package krnel.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class NNDescentTest {
  private static final int K = 15;

  @Test
  void findsNearlyEveryExactNeighbourOfStructuredVectors() {
    float[][] x = StructuredVectors.of(6_000, 64, 3);
    NearestNeighbors approximate = NNDescent.of(x, K, false, 42);
    NearestNeighbors exact = NearestNeighbors.of(x, K, false);

    double recall = recall(approximate, exact);

    assertTrue(recall >= 0.95, "recall " + recall);
  }

  @Test
  void findsNearlyEveryExactCosineNeighbour() {
    float[][] x = StructuredVectors.of(5_000, 48, 5);
    NearestNeighbors approximate = NNDescent.of(x, K, true, 7);
    NearestNeighbors exact = NearestNeighbors.of(x, K, true);

    double recall = recall(approximate, exact);

    assertTrue(recall >= 0.95, "recall " + recall);
  }

  @Test
  void eachRowComesFirstThenItsNeighboursByDistance() {
    float[][] x = StructuredVectors.of(2_000, 16, 9);
    NearestNeighbors knn = NNDescent.of(x, K, false, 1);

    for (int i = 0; i < x.length; i++) {
      assertEquals(K, knn.indices[i].length);
      assertEquals(i, knn.indices[i][0]);
      assertEquals(0.0, knn.distances[i][0]);
      for (int m = 1; m < K; m++) {
        assertTrue(knn.indices[i][m] != i);
        assertTrue(knn.distances[i][m] >= knn.distances[i][m - 1], "row " + i + " is sorted");
        assertEquals(NearestNeighbors.exactDistance(x[i], x[knn.indices[i][m]], false), knn.distances[i][m]);
      }
    }
  }

  /** Every random choice hashes the seed and what it is about, and heaps keep the k best of all offers. */
  @Test
  void theResultDoesNotDependOnTheNumberOfThreads() throws Exception {
    float[][] x = StructuredVectors.of(5_000, 24, 11);
    NearestNeighbors parallel = NNDescent.of(x, K, false, 42);
    ForkJoinPool one = new ForkJoinPool(1);
    NearestNeighbors serial;
    try {
      serial = one.submit(() -> NNDescent.of(x, K, false, 42)).get();
    } finally {
      one.shutdown();
    }

    for (int i = 0; i < x.length; i++) {
      assertArrayEquals(serial.indices[i], parallel.indices[i], "row " + i);
      assertArrayEquals(serial.distances[i], parallel.distances[i], "row " + i);
    }
  }

  @Test
  void duplicateRowsAreStillSplitAndFound() {
    float[][] x = new float[500][];
    for (int i = 0; i < x.length; i++) {
      x[i] = new float[] {i % 5, 0, 1};
    }
    NearestNeighbors knn = NNDescent.of(x, K, false, 3);

    for (int i = 0; i < x.length; i++) {
      for (int m = 1; m < K; m++) {
        assertEquals(0.0, knn.distances[i][m], "row " + i + " has 99 exact duplicates");
      }
    }
  }

  /** The share of exact neighbours (the row itself left out) that the approximate search found. */
  static double recall(NearestNeighbors approximate, NearestNeighbors exact) {
    long found = 0;
    long total = 0;
    for (int i = 0; i < exact.indices.length; i++) {
      java.util.Set<Integer> mine = new java.util.HashSet<>();
      for (int m = 1; m < approximate.indices[i].length; m++) {
        mine.add(approximate.indices[i][m]);
      }
      for (int m = 1; m < exact.indices[i].length; m++) {
        total++;
        found += mine.contains(exact.indices[i][m]) ? 1 : 0;
      }
    }
    return (double) found / total;
  }
}
