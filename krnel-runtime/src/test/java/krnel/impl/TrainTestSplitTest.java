package krnel.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TrainTestSplit} against the reference's golden vectors and errors
 * (krnel-graph-reference.md §3.5) and the split fixtures in resources/pyrandom.
 */
class TrainTestSplitTest {

  private static final String T = TrainTestSplit.TEST;
  private static final String R = TrainTestSplit.TRAIN;

  static Stream<Arguments> golden() {
    return Stream.of(
        Arguments.of(4, 0.5, null, 42L, List.of(T, R, R, T)),
        Arguments.of(5, null, 3, 7L, List.of(R, T, T, R, R)),
        Arguments.of(5, 1, null, 7L, List.of(R, R, T, R, R)),
        Arguments.of(5, 4, null, 7L, List.of(T, T, T, T, R)),
        Arguments.of(5, 4, null, 42069L, List.of(T, T, T, R, T)),
        Arguments.of(5, 4, null, 19190115L, List.of(T, T, T, T, R)),
        Arguments.of(5, null, 0.4, 3L, List.of(R, T, R, T, T)));
  }

  @ParameterizedTest
  @MethodSource("golden")
  void goldenVectors(int rows, Number test, Number train, long seed, List<String> expected) {
    assertEquals(expected, TrainTestSplit.assign(rows, test, train, seed));
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(5, 0.6, 0.6, "train_size (3) + test_size (3) must equal dataset size (5)."),
        Arguments.of(5, null, -1,
            "train_size int must be between 0 and the dataset length (5); got -1."),
        Arguments.of(5, 1.5, null,
            "test_size as float must be in the open interval (0, 1); got 1.5."),
        Arguments.of(3, 5, null,
            "test_size int must be between 0 and the dataset length (3); got 5."));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void referenceErrors(int rows, Number test, Number train, String message) {
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class, () -> TrainTestSplit.assign(rows, test, train, 19190115L));
    assertEquals(message, e.getMessage());
  }

  @Test
  void intAndFloatSizesAreKeptApart() {
    // 1 is one row; 1.0 is a fraction and out of range.
    assertEquals(1, TrainTestSplit.assign(10, 1, null, 42).stream().filter(T::equals).count());
    assertThrows(IllegalArgumentException.class, () -> TrainTestSplit.assign(10, 1.0, null, 42));
    assertEquals(
        TrainTestSplit.assign(10, 3, null, 42),
        TrainTestSplit.assign(10, BigInteger.valueOf(3), null, 42));
    assertEquals(
        TrainTestSplit.assign(10, 3, null, 42), TrainTestSplit.assign(10, 3L, null, 42));
  }

  @Test
  void emptyDatasetSkipsValidation() {
    assertEquals(List.of(), TrainTestSplit.assign(0, 5.0, 7, 42));
  }

  @Test
  void unsupportedSizeType() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainTestSplit.assign(10, new java.math.BigDecimal("0.5"), null, 42));
    assertEquals("Unsupported type for test_size: java.math.BigDecimal", e.getMessage());
  }

  /** A fixture size: {@code "i:<int>"} or {@code "f:<python float repr>"}, or null. */
  private static Number size(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    String text = node.asText();
    String value = text.substring(2);
    if (text.startsWith("i:")) {
      BigInteger v = new BigInteger(value);
      return v.bitLength() < 32 ? (Number) v.intValue() : v;
    }
    switch (value) {
      case "nan": return Double.NaN;
      case "inf": return Double.POSITIVE_INFINITY;
      case "-inf": return Double.NEGATIVE_INFINITY;
      default: return Double.parseDouble(value);
    }
  }

  private static String name(JsonNode f) {
    return "rows " + f.get("total") + ", test " + f.get("test") + ", train " + f.get("train")
        + ", seed " + f.get("seed").asText();
  }

  @TestFactory
  Stream<DynamicTest> splitFixtures() {
    return PythonRandomTest.fixtures("split").stream().map(f -> DynamicTest.dynamicTest(name(f), () -> {
      List<String> rows = TrainTestSplit.assign(f.get("total").asInt(), size(f.get("test")),
          size(f.get("train")), new java.math.BigInteger(f.get("seed").asText()));
      String encoded = rows.stream().map(s -> s.equals(T) ? "1" : "0").collect(Collectors.joining());
      if (f.has("rows")) {
        assertEquals(f.get("rows").asText(), encoded);
      } else {
        assertEquals(f.get("count").asInt(), encoded.length());
        assertEquals(f.get("tests").asLong(), encoded.chars().filter(c -> c == '1').count());
        assertEquals(f.get("sha256").asText(), PythonRandomTest.sha256(encoded));
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> splitErrorFixtures() {
    return PythonRandomTest.fixtures("split_error").stream().map(f -> DynamicTest.dynamicTest(name(f), () -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> TrainTestSplit.assign(f.get("total").asInt(), size(f.get("test")),
              size(f.get("train")), Long.parseLong(f.get("seed").asText())));
      assertEquals(f.get("message").asText(), e.getMessage());
    }));
  }
}
