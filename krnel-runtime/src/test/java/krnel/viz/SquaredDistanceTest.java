package krnel.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernel and the scalar one give the same bits, in the documented order, on every
 * vector width; this JVM runs with {@code --add-modules jdk.incubator.vector} (krnel-runtime's surefire argLine).
 */
class SquaredDistanceTest {
  private static final int[] LENGTHS = lengths();

  private static int[] lengths() {
    int[] lengths = new int[72 + 6];
    for (int d = 0; d < 72; d++) {
      lengths[d] = d;
    }
    System.arraycopy(new int[] {127, 383, 384, 385, 767, 768}, 0, lengths, 72, 6);
    return lengths;
  }

  @Test
  void theVectorKernelIsChosenWhenTheJvmHasTheModule() {
    assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
        "krnel-runtime's surefire argLine should add jdk.incubator.vector");
    assertEquals(VectorSquaredDistance.class, SquaredDistance.FASTEST.getClass(), SquaredDistance.FASTEST.toString());
  }

  @Test
  void bothKernelsFollowTheDocumentedOrderBitForBit() {
    SplittableRandom random = new SplittableRandom(17);
    for (int d : LENGTHS) {
      for (int trial = 0; trial < 20; trial++) {
        float[] a = randomRow(random, d);
        float[] b = randomRow(random, d);
        float[] scratch = new float[SquaredDistance.scratchLength(d)];
        float expected = inTheDocumentedOrder(a, b);
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(ScalarSquaredDistance.INSTANCE.between(a, b, scratch)),
            "scalar, d = " + d);
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(SquaredDistance.FASTEST.between(a, b, scratch)),
            SquaredDistance.FASTEST + ", d = " + d);
        assertEquals(inDouble(a, b), expected, 1e-5 * Math.max(1, inDouble(a, b)), "the sum itself, d = " + d);
      }
    }
  }

  /** 256- and 128-bit vectors hold the 16 lanes in two and four registers: child JVMs capped at those widths. */
  @Test
  void narrowerVectorsGiveTheSameBits() throws Exception {
    String expected = VectorWidthMain.checksum(ScalarSquaredDistance.INSTANCE);
    for (int bytes : new int[] {32, 16}) {
      List<String> lines = runCapped(bytes);
      assertEquals("vector " + bytes * 8 + "-bit x " + 64 / bytes, lines.get(0));
      assertEquals(expected, lines.get(1), "checksum at " + bytes * 8 + " bits");
    }
  }

  @Test
  void nnDescentGivesTheSameGraphWithEitherKernel() {
    float[][] x = StructuredVectors.of(3_000, 100, 4); // 100 = 6 x 16 + 4: the tail too
    NearestNeighbors vector = NNDescent.of(x, 15, false, 42, SquaredDistance.FASTEST);
    NearestNeighbors scalar = NNDescent.of(x, 15, false, 42, ScalarSquaredDistance.INSTANCE);

    for (int i = 0; i < x.length; i++) {
      assertArrayEquals(scalar.indices[i], vector.indices[i], "row " + i);
      assertArrayEquals(scalar.distances[i], vector.distances[i], "row " + i);
    }
  }

  /** Rows whose values span seven orders of magnitude, so that another summation order would change low bits. */
  static float[] randomRow(SplittableRandom random, int d) {
    float[] row = new float[d];
    for (int m = 0; m < d; m++) {
      row[m] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-3, 4)));
    }
    return row;
  }

  /** SquaredDistance's javadoc, literally. */
  private static float inTheDocumentedOrder(float[] a, float[] b) {
    float[] lanes = new float[16];
    for (int m = 0; m < a.length; m++) {
      float t = a[m] - b[m];
      lanes[m % 16] += t * t;
    }
    for (int half = 8; half >= 1; half /= 2) {
      for (int j = 0; j < half; j++) {
        lanes[j] += lanes[j + half];
      }
    }
    return lanes[0];
  }

  private static double inDouble(float[] a, float[] b) {
    double sum = 0;
    for (int m = 0; m < a.length; m++) {
      double t = (double) a[m] - b[m];
      sum += t * t;
    }
    return sum;
  }

  private static List<String> runCapped(int bytes) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-XX:MaxVectorSize=" + bytes,
        "-cp", System.getProperty("java.class.path"), VectorWidthMain.class.getName()));
    Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, child.waitFor(), output);
    return output.lines().toList();
  }
}
