package krnel.impl;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import krnel.graph.PythonFloat;

/**
 * The row assignment of {@code AssignTrainTestSplitOp}: how many rows go to each side (with the
 * reference's validation and messages), then which rows are "test" via CPython's {@code
 * random.Random(random_state).sample(range(total), n_test)}, so that Java and Python assign the
 * same rows for the same seed.
 */
public final class TrainTestSplit {

  /** The value written for a training row. */
  public static final String TRAIN = "train";

  /** The value written for a test row. */
  public static final String TEST = "test";

  private TrainTestSplit() {}

  /**
   * One {@code "train"} or {@code "test"} per row.
   *
   * <p>Sizes keep Python's int/float distinction through their Java type: {@link Double} and
   * {@link Float} are fractions of the rows (open interval (0, 1); test rounds up, train rounds
   * down), {@link Integer}, {@link Long}, {@link Short}, {@link Byte} and {@link BigInteger} are
   * row counts (0 to {@code totalRows}). {@code null} means not given: with neither given a
   * quarter of the rows (rounded up) are test; with one given the other side gets the rest; with
   * both given they must add up to {@code totalRows}. An empty dataset gives an empty list without
   * checking the sizes, as the reference does.
   *
   * @throws IllegalArgumentException with the reference's message for invalid sizes
   */
  public static List<String> assign(
      int totalRows, Number testSize, Number trainSize, long randomState) {
    return assign(totalRows, testSize, trainSize, BigInteger.valueOf(randomState));
  }

  /** {@link #assign(int, Number, Number, long)} for a seed of any size, as a Python int. */
  public static List<String> assign(
      int totalRows, Number testSize, Number trainSize, BigInteger randomState) {
    if (totalRows < 0) {
      throw new IllegalArgumentException("totalRows must be non-negative; got " + totalRows);
    }
    if (totalRows == 0) {
      return new ArrayList<>();
    }
    int nTest = testCount(totalRows, testSize, trainSize);
    String[] assignments = new String[totalRows];
    Arrays.fill(assignments, TRAIN);
    if (nTest > 0) { // the reference skips the generator entirely for an empty test side
      for (int i : new PythonRandom(randomState).sample(totalRows, nTest)) {
        assignments[i] = TEST;
      }
    }
    return new ArrayList<>(Arrays.asList(assignments));
  }

  /** The number of test rows (the reference's {@code _resolve_split_counts}), for total > 0. */
  static int testCount(int total, Number testSize, Number trainSize) {
    boolean testGiven = testSize != null;
    boolean trainGiven = trainSize != null;
    if (!testGiven && !trainGiven) {
      return (int) Math.ceil(0.25 * total);
    }
    // Test first, as the reference validates (and so reports) the test size before the train size.
    Long nTest = testGiven ? normalize("test", testSize, total) : null;
    Long nTrain = trainGiven ? normalize("train", trainSize, total) : null;
    if (nTest == null) {
      nTest = total - nTrain;
    } else if (nTrain == null) {
      nTrain = total - nTest;
    }
    if (nTest < 0 || nTrain < 0) {
      throw new IllegalArgumentException(
          "train/test sizes produced negative allocations (train=" + nTrain + ", test=" + nTest
              + ").");
    }
    if (nTrain + nTest != total) {
      if (testGiven && trainGiven) {
        throw new IllegalArgumentException(
            "train_size (" + nTrain + ") + test_size (" + nTest
                + ") must equal dataset size (" + total + ").");
      }
      nTrain = total - nTest; // the reference's guard against float rounding
    }
    if (nTest > total || nTrain > total) {
      throw new IllegalArgumentException(
          "train/test sizes cannot exceed dataset size (" + total + "); got train=" + nTrain
              + ", test=" + nTest + ".");
    }
    return nTest.intValue();
  }

  /** A size as a row count: floats scale the total (test up, train down), ints are taken as is. */
  private static long normalize(String name, Number value, int total) {
    if (value instanceof Double || value instanceof Float) {
      double v = value.doubleValue();
      if (!(0 < v && v < 1)) { // written this way so that NaN is rejected too, as in Python
        throw new IllegalArgumentException(
            name + "_size as float must be in the open interval (0, 1); got " + pyStr(v) + ".");
      }
      double scaled = name.equals("test") ? Math.ceil(v * total) : Math.floor(v * total);
      return Math.min((long) scaled, total);
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte || value instanceof BigInteger) {
      BigInteger v = value instanceof BigInteger
          ? (BigInteger) value
          : BigInteger.valueOf(value.longValue());
      if (v.signum() < 0 || v.compareTo(BigInteger.valueOf(total)) > 0) {
        throw new IllegalArgumentException(
            name + "_size int must be between 0 and the dataset length (" + total + "); got " + v
                + ".");
      }
      return v.longValueExact();
    }
    // Python raises TypeError here; BigDecimal and friends are neither int nor float.
    throw new IllegalArgumentException(
        "Unsupported type for " + name + "_size: " + value.getClass().getName());
  }

  /** Python's {@code str(float)}, which the reference's f-strings use in messages. */
  private static String pyStr(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return PythonFloat.repr(v);
  }
}
