package krnel.viz;

import static krnel.ops.LLMLayerActivationsOp.TokenMode.MEAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import krnel.runner.Runner;
import krnel.types.VectorColumn;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * NN-descent's recall on real activations (issue 17): MiniLM vectors of 600 of the quickstart's mails
 * (half ham, half spam, computed as the quickstart does: last layer, mean pooling, 128 tokens), 384
 * dimensions, so the trees split the 64-D projection. Lives in krnel.viz for the package's search.
 */
class MiniLmNeighboursTest {
  private static final int K = 15;
  private static float[][] mails;

  @BeforeAll
  static void activations() {
    try (Runner runner = Runner.memory()) {
      VectorColumn x = runner.fromParquet(Path.of("data/spam_train.parquet"))
          .take(o -> o.offset(2200).numRows(600))
          .colText("text")
          .llmLayerActivations("builtin:all-minilm-l6-v2", -1, o -> o.tokenMode(MEAN).maxLength(128));
      try (VectorSchemaRoot table = runner.toArrow(x)) {
        FixedSizeListVector column = (FixedSizeListVector) table.getVector(0);
        FloatingPointVector values = (FloatingPointVector) column.getDataVector();
        int d = column.getListSize();
        mails = new float[table.getRowCount()][d];
        for (int i = 0; i < mails.length; i++) {
          for (int m = 0; m < d; m++) {
            mails[i][m] = (float) values.getValueAsDouble(i * d + m);
          }
        }
      }
    }
    assertEquals(600, mails.length);
    assertEquals(384, mails[0].length);
  }

  @Test
  void findsNearlyEveryExactEuclideanNeighbourOfTheMails() {
    double recall = recall("euclidean", NNDescent.of(mails, K, false, 42), NearestNeighbors.of(mails, K, false));

    assertTrue(recall >= 0.95, "recall " + recall);
  }

  @Test
  void findsNearlyEveryExactCosineNeighbourOfTheMails() {
    double recall = recall("cosine", NNDescent.of(mails, K, true, 42), NearestNeighbors.of(mails, K, true));

    assertTrue(recall >= 0.95, "recall " + recall);
  }

  /** The share of exact neighbours (the row itself left out) that the approximate search found. */
  private static double recall(String metric, NearestNeighbors approximate, NearestNeighbors exact) {
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
    double recall = (double) found / total;
    System.out.printf("MiniLM mails, %s: recall %.4f%n", metric, recall);
    return recall;
  }
}
