package krnel.viz;

import java.util.SplittableRandom;

/** For SquaredDistanceTest, in a JVM with a capped vector width: prints the kernel, then a checksum of its distances. */
public final class VectorWidthMain {
  private VectorWidthMain() {}

  public static void main(String[] args) {
    System.out.println(SquaredDistance.FASTEST);
    System.out.println(checksum(SquaredDistance.FASTEST));
  }

  /** The bits of the distances of fixed random pairs at lengths 0 to 399, hashed in turn. */
  static String checksum(SquaredDistance kernel) {
    SplittableRandom random = new SplittableRandom(5);
    long hash = 0;
    for (int d = 0; d < 400; d++) {
      float[] a = SquaredDistanceTest.randomRow(random, d);
      float[] b = SquaredDistanceTest.randomRow(random, d);
      float distance = kernel.between(a, b, new float[SquaredDistance.scratchLength(d)]);
      hash = NNDescent.mix(hash, Float.floatToIntBits(distance));
    }
    return Long.toHexString(hash);
  }
}
