package krnel.viz;

import java.util.Random;

/**
 * Vectors with the shape of real embeddings rather than of white noise: clusters, each a random
 * low-dimensional (8-D) Gaussian patch embedded in the full dimension, plus a little isotropic
 * noise. Neighbour search on them behaves as on model activations, where isotropic Gaussian blobs
 * would make every distance look alike.
 */
final class StructuredVectors {
  private static final int CLUSTERS = 20;
  private static final int INTRINSIC = 8;

  private StructuredVectors() {}

  static float[][] of(int n, int d, long seed) {
    Random random = new Random(seed);
    float[][] centers = new float[CLUSTERS][d];
    float[][][] bases = new float[CLUSTERS][INTRINSIC][d];
    for (int c = 0; c < CLUSTERS; c++) {
      for (int m = 0; m < d; m++) {
        centers[c][m] = (float) (4 * random.nextGaussian());
        for (int b = 0; b < INTRINSIC; b++) {
          bases[c][b][m] = (float) random.nextGaussian() / (float) Math.sqrt(INTRINSIC);
        }
      }
    }
    float[][] x = new float[n][d];
    for (int i = 0; i < n; i++) {
      int c = random.nextInt(CLUSTERS);
      float[] row = x[i];
      System.arraycopy(centers[c], 0, row, 0, d);
      for (int b = 0; b < INTRINSIC; b++) {
        float z = (float) (2 * random.nextGaussian());
        for (int m = 0; m < d; m++) {
          row[m] += z * bases[c][b][m];
        }
      }
      for (int m = 0; m < d; m++) {
        row[m] += (float) (0.05 * random.nextGaussian());
      }
    }
    return x;
  }
}
