package krnel.graph;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python 3's {@code repr(float)}, as {@code json.dumps} writes floats, so that canonical JSON (and
 * therefore op uuids) hash the same bytes in Java and Python.
 *
 * <p>The digits are the shortest that read back as the same double; among several shortest
 * candidates, the one closest to the exact binary value, and on an exact tie the one ending in an
 * even digit (as Python's dtoa.c does). JDK 17's {@link Double#toString} is not always shortest
 * ({@code 2.82879384806159E17} comes out as {@code 2.82879384806159008E17}, {@code
 * Double.MIN_VALUE} as {@code 4.9E-324} where Python writes {@code 5e-324}), so it is only
 * trusted where that is provably safe (at most 15 digits, normal doubles); otherwise the digits
 * are found with {@link BigDecimal} (about 1.5 us near 1.0, up to ~10 us at extreme exponents).
 */
public final class PythonFloat {

  // DOWN[p] / UP[p]: round to p significant digits towards / away from zero.
  private static final MathContext[] DOWN = new MathContext[18];
  private static final MathContext[] UP = new MathContext[18];

  static {
    for (int p = 1; p <= 17; p++) {
      DOWN[p] = new MathContext(p, RoundingMode.DOWN);
      UP[p] = new MathContext(p, RoundingMode.UP);
    }
  }

  private static final BigDecimal HALF = new BigDecimal("0.5");

  /** 2^970, half the spacing of doubles just below {@link Double#MAX_VALUE}. */
  private static final BigDecimal HALF_TOP_ULP = new BigDecimal(Math.ulp(Double.MAX_VALUE) / 2);

  private PythonFloat() {}

  /**
   * Python's {@code repr(x)}, except that NaN and the infinities are written as {@code json.dumps}
   * writes them: {@code NaN}, {@code Infinity}, {@code -Infinity}.
   *
   * <p>Examples: {@code 1.0}, {@code 0.1}, {@code 1000000000000000.0}, {@code 1e+16}, {@code
   * 0.0001}, {@code 1e-05}, {@code 5e-324}, {@code -0.0}.
   */
  public static String repr(double x) {
    return appendRepr(new StringBuilder(24), x).toString();
  }

  /** Appends {@link #repr(double)} of {@code x} to {@code sb}; returns {@code sb}. */
  static StringBuilder appendRepr(StringBuilder sb, double x) {
    if (Double.isNaN(x)) {
      return sb.append("NaN");
    }
    if (Double.isInfinite(x)) {
      return sb.append(x > 0 ? "Infinity" : "-Infinity");
    }
    if (x == 0) {
      return sb.append(Double.doubleToRawLongBits(x) < 0 ? "-0.0" : "0.0");
    }
    // Fast path: an integer below 1e16 prints in full in fixed notation. Its own digits (trailing
    // zeros dropped, then put back as padding) are the shortest: a shorter candidate would be a
    // multiple of 10 within half the spacing of doubles of x, which is at most 1 here, and
    // between 2^53 and 1e16 x is even, so x +- 1 is no multiple of 10.
    if (Math.abs(x) < 1e16) {
      long l = (long) x;
      if (l == x) {
        return sb.append(l).append(".0");
      }
    }
    if (x < 0) {
      sb.append('-');
      x = -x;
    }
    if (x >= Double.MIN_NORMAL && appendIfFewDigits(sb, x)) {
      return sb;
    }
    BigDecimal exact = new BigDecimal(x);
    // Every real strictly between low and high reads back as x; the two ends read back as x only
    // if x's significand is even (round-half-even). Checking that interval is cheaper than
    // parsing each candidate back with Double.parseDouble.
    BigDecimal low = exact.add(new BigDecimal(Math.nextDown(x))).multiply(HALF);
    BigDecimal high =
        x == Double.MAX_VALUE
            ? exact.add(HALF_TOP_ULP) // at or above this, a decimal reads as infinity
            : exact.add(new BigDecimal(Math.nextUp(x))).multiply(HALF);
    boolean endsIncluded = (Double.doubleToRawLongBits(x) & 1) == 0;

    // If some p-digit candidate reads back as x, so does one with p+1 digits (it lies between
    // the p-digit one and the exact value): binary search for the smallest p. 17 always works.
    BigDecimal best = null;
    int lo = 1;
    int hi = 17;
    if (x >= Double.MIN_NORMAL) {
      // The fast path saw more than 15 digits from Double.toString; usually 16 or 17 are needed,
      // but toString is not always shortest, so check 15 once, then search above or below it.
      best = candidate(exact, 15, low, high, endsIncluded);
      if (best == null) {
        lo = 16;
      } else {
        hi = 15;
      }
    }
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      BigDecimal c = candidate(exact, mid, low, high, endsIncluded);
      if (c != null) {
        hi = mid;
        best = c; // always the candidate for the current hi
      } else {
        lo = mid + 1;
      }
    }
    if (best == null) {
      best = candidate(exact, 17, low, high, endsIncluded);
    }
    String digits = best.unscaledValue().toString();
    int n = digits.length();
    while (n > 1 && digits.charAt(n - 1) == '0') {
      n--; // rounding UP may leave trailing zeros (e.g. 9.96 -> 10)
    }
    return format(sb, digits, n, digits.length() - best.scale());
  }

  /**
   * Fast path for the common short values (0.1, 2.5e-3, ...): uses {@link Double#toString}'s
   * digits when there are at most 15 of them and they read back as {@code x}. They are then the
   * shortest, and the closest, because for a normal double at most one decimal of up to 15
   * significant digits reads back as it (DBL_DIG = 15: every such decimal survives the trip
   * through double and back, so no two of them share a double). Subnormals have fewer bits of
   * precision, so they never come here.
   *
   * @param x positive and normal
   * @return false, having written nothing, when the slow path must decide
   */
  private static boolean appendIfFewDigits(StringBuilder sb, double x) {
    String s = Double.toString(x); // like 0.0020, 123.456, 1.0E-5, 1.2345E100
    int e = s.indexOf('E');
    int end = e < 0 ? s.length() : e;
    int point = s.indexOf('.');
    // value = 0.(digits of s[0,end) without the point) * 10^decpt, before dropping zeros
    int decpt = point + (e < 0 ? 0 : Integer.parseInt(s, e + 1, s.length(), 10));
    int first = 0;
    while (s.charAt(first) == '0' || s.charAt(first) == '.') {
      if (s.charAt(first) == '0') {
        decpt--; // a leading zero, before or after the point
      }
      first++;
    }
    int last = end - 1;
    while (s.charAt(last) == '0' || s.charAt(last) == '.') {
      last--;
    }
    int n = last + 1 - first - (first < point && point < last ? 1 : 0);
    if (n > 15 || Double.parseDouble(s) != x) {
      return false;
    }
    String digits =
        first < point && point < last
            ? s.substring(first, point) + s.substring(point + 1, last + 1)
            : s.substring(first, last + 1);
    format(sb, digits, n, decpt);
    return true;
  }

  /**
   * The p-significant-digit decimal that reads back as the double whose exact value is {@code
   * exact}, the closer one if both neighbours do; null if neither does.
   */
  private static BigDecimal candidate(
      BigDecimal exact, int p, BigDecimal low, BigDecimal high, boolean endsIncluded) {
    BigDecimal down = exact.round(DOWN[p]);
    BigDecimal up = exact.round(UP[p]);
    boolean downOk = inside(down, low, high, endsIncluded);
    boolean upOk = inside(up, low, high, endsIncluded);
    if (downOk && upOk) {
      int cmp = exact.subtract(down).compareTo(up.subtract(exact));
      if (cmp == 0) {
        // A tie, e.g. 1234567890123456.75 at 17 digits: Python's dtoa rounds half to even,
        // giving ...456.8. The parity of the unscaled value is that of its last digit.
        return down.unscaledValue().testBit(0) ? up : down;
      }
      return cmp < 0 ? down : up;
    }
    return downOk ? down : upOk ? up : null;
  }

  private static boolean inside(BigDecimal c, BigDecimal low, BigDecimal high, boolean ends) {
    int l = c.compareTo(low);
    int h = c.compareTo(high);
    return (l > 0 || (l == 0 && ends)) && (h < 0 || (h == 0 && ends));
  }

  /**
   * Python's float_repr_style 'short' layout of the positive value 0.d1...dn * 10^decpt, where
   * d1...dn are the first {@code n} chars of {@code digits}.
   */
  private static StringBuilder format(StringBuilder sb, String digits, int n, int decpt) {
    if (decpt <= -4 || decpt > 16) {
      sb.append(digits.charAt(0));
      if (n > 1) {
        sb.append('.').append(digits, 1, n);
      }
      int e = decpt - 1;
      sb.append('e').append(e < 0 ? '-' : '+');
      if (Math.abs(e) < 10) {
        sb.append('0'); // Python writes at least two exponent digits
      }
      return sb.append(Math.abs(e));
    }
    if (decpt <= 0) {
      sb.append("0.");
      for (int i = decpt; i < 0; i++) {
        sb.append('0');
      }
      return sb.append(digits, 0, n);
    }
    if (decpt >= n) {
      sb.append(digits, 0, n);
      for (int i = n; i < decpt; i++) {
        sb.append('0');
      }
      return sb.append(".0");
    }
    return sb.append(digits, 0, decpt).append('.').append(digits, decpt, n);
  }
}
