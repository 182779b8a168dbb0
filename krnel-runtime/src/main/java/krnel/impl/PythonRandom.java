package krnel.impl;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A bit-exact port of the parts of CPython 3.11's {@code random.Random} that the train/test split
 * needs: seeding from an int, {@code getrandbits}, {@code _randbelow}, {@code random()}, {@code
 * shuffle} and {@code sample(range(n), k)}.
 *
 * <p>The generator is MT19937 as in CPython's {@code Modules/_randommodule.c}; the methods above
 * it follow {@code Lib/random.py} call for call, because any extra or missing draw from the
 * generator would shift every later value. Not thread-safe.
 */
public final class PythonRandom {

  private static final int N = 624;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908b0df;
  private static final int UPPER_MASK = 0x80000000;
  private static final int LOWER_MASK = 0x7fffffff;

  private final int[] mt = new int[N];
  private int mti;

  /** {@code random.Random(seed)}. */
  public PythonRandom(long seed) {
    this(BigInteger.valueOf(seed));
  }

  /** {@code random.Random(seed)} for any Python int, negative or wider than 64 bits. */
  public PythonRandom(BigInteger seed) {
    initByArray(keyOf(seed));
  }

  /**
   * The key CPython's {@code random_seed} hands to {@code init_by_array}: the 32-bit words of
   * {@code abs(seed)}, least significant first, at least one word (seed 0 gives {@code [0]}).
   * CPython takes the absolute value because it seeds from an unsigned magnitude, so {@code
   * Random(-n)} and {@code Random(n)} produce the same stream.
   */
  static int[] keyOf(BigInteger seed) {
    BigInteger n = seed.abs();
    int bits = n.bitLength();
    int words = bits == 0 ? 1 : (bits - 1) / 32 + 1;
    int[] key = new int[words];
    for (int i = 0; i < words; i++) {
      key[i] = n.shiftRight(32 * i).intValue(); // intValue keeps the low 32 bits
    }
    return key;
  }

  private void initGenrand(int s) {
    mt[0] = s;
    for (int i = 1; i < N; i++) {
      // Java int arithmetic wraps mod 2^32 exactly like C's uint32_t; >>> is the unsigned shift.
      mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }
    mti = N;
  }

  private void initByArray(int[] key) {
    initGenrand(19650218);
    int i = 1;
    int j = 0;
    for (int k = Math.max(N, key.length); k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= key.length) {
        j = 0;
      }
    }
    for (int k = N - 1; k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000; // MSB is 1, assuring a non-zero initial array
  }

  /** The next 32-bit output of MT19937 ({@code genrand_uint32}), as an unsigned value in an int. */
  private int genrand() {
    if (mti >= N) {
      int kk = 0;
      for (; kk < N - M; kk++) {
        int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
        mt[kk] = mt[kk + M] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
      }
      for (; kk < N - 1; kk++) {
        int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
        mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
      }
      int y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
      mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
      mti = 0;
    }
    int y = mt[mti++];
    y ^= (y >>> 11);
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= (y >>> 18);
    return y;
  }

  /**
   * {@code random()}: a float in [0, 1) with 53 random bits, built from two 32-bit outputs exactly
   * as CPython's {@code random_random} does.
   */
  public double random() {
    int a = genrand() >>> 5; // 27 bits
    int b = genrand() >>> 6; // 26 bits
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
  }

  /**
   * {@code getrandbits(k)} for {@code 0 <= k <= 64}, as a long (for {@code k == 64} the value is
   * the unsigned 64-bit pattern). Consumes the same outputs as {@link #getrandbits(int)}.
   */
  public long getrandbitsLong(int k) {
    if (k < 0 || k > 64) {
      throw new IllegalArgumentException("k must be between 0 and 64; got " + k);
    }
    if (k == 0) {
      return 0;
    }
    if (k <= 32) {
      return Integer.toUnsignedLong(genrand() >>> (32 - k));
    }
    long low = Integer.toUnsignedLong(genrand());
    long high = Integer.toUnsignedLong(genrand() >>> (64 - k));
    return (high << 32) | low;
  }

  /**
   * {@code getrandbits(k)}: a non-negative int with {@code k} random bits. For {@code k > 32}
   * CPython fills 32-bit words least significant first, the last (most significant) word taking
   * only the top {@code k mod 32} bits of its output.
   */
  public BigInteger getrandbits(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("number of bits must be non-negative");
    }
    if (k <= 64) {
      long v = getrandbitsLong(k);
      return v >= 0 ? BigInteger.valueOf(v) : new BigInteger(Long.toUnsignedString(v));
    }
    int words = (k - 1) / 32 + 1;
    byte[] bigEndian = new byte[words * 4];
    for (int w = 0, left = k; w < words; w++, left -= 32) {
      int r = genrand();
      if (left < 32) {
        r >>>= 32 - left;
      }
      int at = bigEndian.length - 4 * (w + 1);
      bigEndian[at] = (byte) (r >>> 24);
      bigEndian[at + 1] = (byte) (r >>> 16);
      bigEndian[at + 2] = (byte) (r >>> 8);
      bigEndian[at + 3] = (byte) r;
    }
    return new BigInteger(1, bigEndian);
  }

  /**
   * {@code _randbelow(n)}: uniform in [0, n), drawing {@code getrandbits(n.bit_length())} until the
   * value is below {@code n} (CPython's {@code _randbelow_with_getrandbits}).
   *
   * @throws IllegalArgumentException if {@code n <= 0} (CPython 3.11 would loop forever on 0)
   */
  public long randbelow(long n) {
    if (n <= 0) {
      throw new IllegalArgumentException("n must be positive; got " + n);
    }
    int k = 64 - Long.numberOfLeadingZeros(n);
    long r = getrandbitsLong(k);
    while (r >= n) {
      r = getrandbitsLong(k);
    }
    return r;
  }

  /**
   * {@link #randbelow(long)} for any positive Python int.
   *
   * @throws IllegalArgumentException if {@code n <= 0}
   */
  public BigInteger randbelow(BigInteger n) {
    if (n.signum() <= 0) {
      throw new IllegalArgumentException("n must be positive; got " + n);
    }
    int k = n.bitLength();
    BigInteger r = getrandbits(k);
    while (r.compareTo(n) >= 0) {
      r = getrandbits(k);
    }
    return r;
  }

  /** {@code shuffle(x)}: shuffles {@code x} in place (Fisher-Yates from the end, as CPython). */
  public void shuffle(List<?> x) {
    for (int i = x.size() - 1; i >= 1; i--) {
      int j = (int) randbelow(i + 1);
      Collections.swap(x, i, j);
    }
  }

  /**
   * {@code sample(range(populationSize), k)}: {@code k} distinct indices in selection order.
   *
   * <p>Like CPython, picks one of two strategies, which draw differently and so give different
   * samples: a pool of the whole population with swap-removal when the population is no bigger
   * than the set the other strategy would need, else re-drawing indices already in a set.
   *
   * @throws IllegalArgumentException if {@code k < 0} or {@code k > populationSize}
   */
  public List<Integer> sample(int populationSize, int k) {
    int n = populationSize;
    if (k < 0 || k > n) {
      throw new IllegalArgumentException("Sample larger than population or is negative");
    }
    List<Integer> result = new ArrayList<>(k);
    if (n <= setSize(k)) {
      int[] pool = new int[n];
      for (int i = 0; i < n; i++) {
        pool[i] = i;
      }
      for (int i = 0; i < k; i++) {
        int j = (int) randbelow(n - i);
        result.add(pool[j]);
        pool[j] = pool[n - i - 1]; // move the last non-selected item into the vacancy
      }
    } else {
      Set<Integer> selected = new HashSet<>();
      for (int i = 0; i < k; i++) {
        int j = (int) randbelow(n);
        while (selected.contains(j)) {
          j = (int) randbelow(n);
        }
        selected.add(j);
        result.add(j);
      }
    }
    return result;
  }

  /**
   * CPython's {@code setsize}: {@code 21}, plus {@code 4 ** ceil(log(3*k, 4))} when {@code k > 5}.
   * The power of 4 is found with integers: the smallest {@code 4**m >= 3k}. This equals the float
   * formula because {@code 3k} is never a power of 4 (4^m is not divisible by 3), so {@code
   * log(3k, 4)} is never an integer and sits far further from one than the float error.
   */
  static long setSize(int k) {
    long setsize = 21;
    if (k > 5) {
      long power = 1;
      while (power < 3L * k) {
        power *= 4;
      }
      setsize += power;
    }
    return setsize;
  }
}
