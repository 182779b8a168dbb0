package krnel.viz;

import java.util.Optional;

/**
 * The squared Euclidean distance of two float rows, as NN-descent measures it, summed in one fixed
 * order so that every kernel gives the same bits: 16 lanes, lane {@code j} adding {@code (a[m] -
 * b[m]) * (a[m] - b[m])} (a multiply, then an add, each rounded; no fused multiply-add) for every
 * {@code m} with {@code m % 16 == j}, in increasing {@code m} from 0; then the lanes fold in halves,
 * {@code l[j] + l[j + 8]}, then {@code + [j + 4]}, {@code + [j + 2]}, {@code + [j + 1]}.
 *
 * <p>{@link #FASTEST} sums those lanes in SIMD registers ({@code jdk.incubator.vector}) when the JVM
 * was started with {@code --add-modules jdk.incubator.vector}, and in scalar code otherwise; the
 * result is the same either way, so the neighbour graph and the embedding do not depend on the flag.
 */
interface SquaredDistance {
  /** Lanes of the fixed summation order. */
  int LANES = 16;

  /** The Vector API kernel when its module is in the boot layer (and the CPU has 128-bit vectors or more), else the scalar one. */
  SquaredDistance FASTEST = fastest();

  /**
   * @param scratch at least {@link #scratchLength}{@code (a.length)} floats, owned by the caller's thread
   */
  float between(float[] a, float[] b, float[] scratch);

  static int scratchLength(int dimension) {
    return dimension + LANES;
  }

  private static SquaredDistance fastest() {
    Optional<Module> vector = ModuleLayer.boot().findModule("jdk.incubator.vector");
    if (vector.isEmpty()) {
      return ScalarSquaredDistance.INSTANCE;
    }
    try {
      // Loaded by name only here: without the module, the class's references to it would not link.
      // Its constructor refuses CPUs without 128-bit vectors (InvocationTargetException).
      return (SquaredDistance) Class.forName("krnel.viz.VectorSquaredDistance").getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      return ScalarSquaredDistance.INSTANCE;
    }
  }

  /** The last step of the fixed order: the 16 lanes at {@code lanes[from, from + 16)} folded in halves. */
  static float fold(float[] l, int from) {
    float f0 = l[from] + l[from + 8];
    float f1 = l[from + 1] + l[from + 9];
    float f2 = l[from + 2] + l[from + 10];
    float f3 = l[from + 3] + l[from + 11];
    float f4 = l[from + 4] + l[from + 12];
    float f5 = l[from + 5] + l[from + 13];
    float f6 = l[from + 6] + l[from + 14];
    float f7 = l[from + 7] + l[from + 15];
    float g0 = f0 + f4;
    float g1 = f1 + f5;
    float g2 = f2 + f6;
    float g3 = f3 + f7;
    return (g0 + g2) + (g1 + g3);
  }
}
