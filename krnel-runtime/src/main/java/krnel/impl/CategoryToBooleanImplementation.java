package krnel.impl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import krnel.ops.CategoryToBooleanOp;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Result;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Labels to booleans, with the reference's rules: with {@code true_values}, true where the label
 * is one of them (and, if {@code false_values} is given too, every label must be one or the
 * other); with only {@code false_values}, true where the label is none of them. Case-sensitive; a
 * null label is not in any list (so it is false with {@code true_values}, true with only
 * {@code false_values}, and an error with both).
 */
public final class CategoryToBooleanImplementation implements OpImplementation<CategoryToBooleanOp> {
  @Override
  public Class<CategoryToBooleanOp> opType() {
    return CategoryToBooleanOp.class;
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public Result compute(CategoryToBooleanOp op, Inputs inputs) {
    FieldVector column = Tables.column(inputs.table(op.inputCategory()), "input_category", op.inputCategory());
    if (!SelectColumnImplementation.isString(column.getField().getType())) {
      if (column.getNullCount() != column.getValueCount()) {
        throw new IllegalArgumentException("input_category: expected a column of strings, got Arrow type "
            + SelectColumnImplementation.describe(column.getField()) + " from " + op.inputCategory().uuid());
      }
    }
    int n = column.getValueCount();
    if (n == 0) {
      return result(op, new boolean[0], inputs.allocator());
    }
    List<String> trueValues = op.trueValues();
    List<String> falseValues = op.falseValues();
    if (trueValues == null && falseValues == null) {
      throw new IllegalArgumentException("true_values, false_values: At least one of true_values or false_values must be provided.");
    }
    if (trueValues != null && trueValues.isEmpty()) {
      throw new IllegalArgumentException("true_values: true_values list is empty.");
    }
    if (falseValues != null && falseValues.isEmpty()) {
      throw new IllegalArgumentException("false_values: false_values list is empty.");
    }
    List<String> labels = strings(column);
    boolean[] out = new boolean[n];
    if (trueValues != null) {
      Set<String> truth = new HashSet<>(trueValues);
      if (falseValues != null) {
        Set<String> expected = new HashSet<>(trueValues);
        expected.addAll(falseValues);
        Set<String> observed = new HashSet<>(labels);
        if (!expected.containsAll(observed)) {
          throw new IllegalArgumentException("true_values, false_values: The set of actual values in the category column, "
              + pySet(observed) + ", must be a subset of true_values.union(false_values), " + pySet(expected) + ".");
        }
      }
      for (int i = 0; i < n; i++) {
        out[i] = labels.get(i) != null && truth.contains(labels.get(i));
      }
    } else {
      Set<String> falsehood = new HashSet<>(falseValues);
      for (int i = 0; i < n; i++) {
        out[i] = labels.get(i) == null || !falsehood.contains(labels.get(i));
      }
    }
    return result(op, out, inputs.allocator());
  }

  private static List<String> strings(FieldVector column) {
    int n = column.getValueCount();
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (column.isNull(i)) {
        out.add(null);
      } else if (column instanceof VarCharVector) {
        out.add(new String(((VarCharVector) column).get(i), java.nio.charset.StandardCharsets.UTF_8));
      } else {
        out.add(new String(((LargeVarCharVector) column).get(i), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** A Python set literal, sorted so that messages are stable: {@code {'maybe', None}}. */
  static String pySet(Set<String> values) {
    TreeSet<String> sorted = new TreeSet<>();
    boolean hasNull = false;
    for (String value : values) {
      if (value == null) {
        hasNull = true;
      } else {
        sorted.add(value);
      }
    }
    List<String> items = sorted.stream().map(PythonValues::repr).collect(Collectors.toCollection(ArrayList::new));
    if (hasNull) {
      items.add("None");
    }
    return items.isEmpty() ? "set()" : "{" + String.join(", ", items) + "}";
  }

  static Result result(CategoryToBooleanOp op, boolean[] values, BufferAllocator allocator) {
    BitVector bits = new BitVector(op.uuid(), allocator);
    bits.allocateNew(values.length);
    for (int i = 0; i < values.length; i++) {
      bits.set(i, values[i] ? 1 : 0);
    }
    bits.setValueCount(values.length);
    return Tables.single(op, bits);
  }
}
