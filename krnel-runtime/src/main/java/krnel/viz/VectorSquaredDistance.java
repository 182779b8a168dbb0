package krnel.viz;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SquaredDistance}'s fixed order in SIMD registers: the 16 lanes are one 512-bit vector, two
 * 256-bit or four 128-bit ones, whichever the CPU prefers, so the bits are the same on any CPU.
 * Loaded only when {@code jdk.incubator.vector} is in the boot layer (see {@link SquaredDistance#FASTEST}).
 */
final class VectorSquaredDistance implements SquaredDistance {
  private static final VectorSpecies<Float> SPECIES = species();
  private static final int WIDTH = SPECIES == null ? LANES : SPECIES.length();
  /** Vectors that hold the 16 lanes: 1, 2 or 4. */
  private static final int PARTS = LANES / WIDTH;

  private static VectorSpecies<Float> species() {
    int bits = Math.min(512, FloatVector.SPECIES_PREFERRED.vectorBitSize());
    return bits < 128 ? null : VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
  }

  VectorSquaredDistance() {
    if (SPECIES == null) { // SquaredDistance.FASTEST then keeps the scalar kernel
      throw new UnsupportedOperationException("this CPU has no float vectors of 128 bits or more");
    }
  }

  @Override
  public float between(float[] a, float[] b, float[] scratch) {
    int d = a.length;
    VectorSpecies<Float> s = SPECIES;
    FloatVector l0 = FloatVector.zero(s);
    FloatVector l1 = l0;
    FloatVector l2 = l0;
    FloatVector l3 = l0;
    int m = 0;
    for (; m + LANES <= d; m += LANES) {
      l0 = addSquare(l0, a, b, m);
      if (PARTS > 1) {
        l1 = addSquare(l1, a, b, m + WIDTH);
      }
      if (PARTS > 2) {
        l2 = addSquare(l2, a, b, m + 2 * WIDTH);
        l3 = addSquare(l3, a, b, m + 3 * WIDTH);
      }
    }
    l0.intoArray(scratch, 0);
    if (PARTS > 1) {
      l1.intoArray(scratch, WIDTH);
    }
    if (PARTS > 2) {
      l2.intoArray(scratch, 2 * WIDTH);
      l3.intoArray(scratch, 3 * WIDTH);
    }
    for (int j = 0; m + j < d; j++) { // the last d % 16 values, each into its lane as the scalar kernel does
      float t = a[m + j] - b[m + j];
      scratch[j] += t * t;
    }
    return SquaredDistance.fold(scratch, 0);
  }

  private static FloatVector addSquare(FloatVector lanes, float[] a, float[] b, int m) {
    FloatVector t = FloatVector.fromArray(SPECIES, a, m).sub(FloatVector.fromArray(SPECIES, b, m));
    return lanes.add(t.mul(t));
  }

  @Override
  public String toString() {
    return "vector " + SPECIES.vectorBitSize() + "-bit x " + PARTS;
  }
}
