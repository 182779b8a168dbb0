package krnel.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Curves against scikit-learn 1.2.1 (Debian's python3-sklearn), from curves/make_fixtures.py. */
class CurvesTest {
  private static JsonNode fixtures() throws Exception {
    try (InputStream in = CurvesTest.class.getResourceAsStream("/curves/curves.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static double[] doubles(JsonNode a) {
    double[] d = new double[a.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = a.get(i).asDouble();
    }
    return d;
  }

  @Test
  void rocAndPrecisionRecallAreScikitLearnsPoints() throws Exception {
    for (JsonNode c : fixtures().get("cases")) {
      double[] score = doubles(c.get("score"));
      boolean[] y = new boolean[score.length];
      for (int i = 0; i < y.length; i++) {
        y[i] = c.get("y").get(i).asBoolean();
      }
      Curves.Roc roc = Curves.roc(score, y);
      assertArrayEquals(doubles(c.at("/roc/fpr")), roc.fpr(), 1e-12);
      assertArrayEquals(doubles(c.at("/roc/tpr")), roc.tpr(), 1e-12);
      double[] want = doubles(c.at("/roc/thresholds"));
      // scikit-learn before 1.3 puts max + 1 first; 1.3 and later put +inf, as Curves does.
      assertEquals(Double.POSITIVE_INFINITY, roc.thresholds()[0]);
      assertArrayEquals(Arrays.copyOfRange(want, 1, want.length),
          Arrays.copyOfRange(roc.thresholds(), 1, roc.thresholds().length), 1e-12);

      Curves.PrecisionRecall pr = Curves.precisionRecall(score, y);
      assertArrayEquals(doubles(c.at("/pr/precision")), pr.precision(), 1e-12);
      assertArrayEquals(doubles(c.at("/pr/recall")), pr.recall(), 1e-12);
      assertArrayEquals(doubles(c.at("/pr/thresholds")), pr.thresholds(), 1e-12);
    }
  }

  @Test
  void histogramCountsEveryRowOnceByLabel() {
    double[] score = {0, 0.1, 0.5, 0.9, 1.0, 1.0};
    boolean[] y = {false, false, true, true, true, false};
    Curves.Histogram h = Curves.histogram(score, y, 2);
    assertArrayEquals(new double[] {0, 0.5, 1.0}, h.edges(), 0);
    assertArrayEquals(new long[] {0, 3}, h.positives());
    assertArrayEquals(new long[] {2, 1}, h.negatives());
  }

  @Test
  void rocOfOneLabelIsAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Curves.roc(new double[] {0.1, 0.2}, new boolean[] {true, true}));
    assertEquals("a ROC curve needs both positive and negative rows; this split has only positives", e.getMessage());
  }
}
