package krnel.graph;

import java.util.List;
import java.util.Map;

/** Test stub of the runtime's Values: same public signatures, no behaviour. */
public final class Values {
  private Values() {}

  public static <T> T required(OpType<?> op, String field, T value) {
    throw new UnsupportedOperationException();
  }

  public static OpValidationException unknownField(OpType<?> op, String field) {
    throw new UnsupportedOperationException();
  }

  public static String string(OpType<?> op, String field, Object value) {
    throw new UnsupportedOperationException();
  }

  public static Integer integer(OpType<?> op, String field, Object value) {
    throw new UnsupportedOperationException();
  }

  public static Long longInteger(OpType<?> op, String field, Object value) {
    throw new UnsupportedOperationException();
  }

  public static Double floating(OpType<?> op, String field, Object value) {
    throw new UnsupportedOperationException();
  }

  public static Boolean bool(OpType<?> op, String field, Object value) {
    throw new UnsupportedOperationException();
  }

  public static Number number(OpType<?> op, String field, Object value) {
    throw new UnsupportedOperationException();
  }

  public static <T> T json(OpType<?> op, String field, Object value, JsonShape shape) {
    throw new UnsupportedOperationException();
  }

  public static <T extends OpSpec> T input(OpType<?> op, String field, Object value, Class<T> type) {
    throw new UnsupportedOperationException();
  }

  public static <T extends OpSpec> List<T> inputList(OpType<?> op, String field, Object value, Class<T> type) {
    throw new UnsupportedOperationException();
  }

  public static <T extends OpSpec> Map<String, T> inputMap(OpType<?> op, String field, Object value, Class<T> type) {
    throw new UnsupportedOperationException();
  }
}
