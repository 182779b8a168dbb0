package krnel.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Traversal of op graphs, iterative so that deep chains cannot overflow the stack. */
public final class Graph {
  private Graph() {}

  /** Calls {@code action} for every input op of {@code op}, in field order (list and map elements in order). */
  public static void forEachInput(OpSpec op, Consumer<OpSpec> action) {
    if (op instanceof AbstractOp) {
      ((AbstractOp) op).forEachInput(action); // generated: reads the input fields only
    } else {
      forEachFieldInput(op, action);
    }
  }

  /** {@link #forEachInput} through {@link OpSpec#forEachField}, for any op. */
  static void forEachFieldInput(OpSpec op, Consumer<OpSpec> action) {
    op.forEachField((field, value) -> {
      if (value == null) {
        return;
      }
      switch (field.kind()) {
        case INPUT:
          action.accept((OpSpec) value);
          break;
        case INPUT_LIST:
          for (Object input : (List<?>) value) {
            action.accept((OpSpec) input);
          }
          break;
        case INPUT_MAP:
          for (Object input : ((Map<?, ?>) value).values()) {
            action.accept((OpSpec) input);
          }
          break;
        default:
          break;
      }
    });
  }

  /** The input ops of {@code op}, in field order, with repeats. */
  public static List<OpSpec> inputs(OpSpec op) {
    List<OpSpec> inputs = new ArrayList<>();
    forEachInput(op, inputs::add);
    return inputs;
  }

  /**
   * The dependencies of {@code roots}, each listed after its own inputs (post-order), once. A root
   * is listed only when another root depends on it. Without {@code recursive}, only direct inputs.
   */
  public static List<OpSpec> dependencies(List<? extends OpSpec> roots, boolean recursive) {
    List<OpSpec> out = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    // Depth-first with an explicit stack of ops and their depths (0 for a root). An op met for the
    // first time is expanded: it stays on the stack, its depth negated (-1 - depth), under its
    // inputs, which are pushed in reverse so that the first input is visited first. When it is on
    // top again, everything it depends on has been listed, and it is listed itself.
    ArrayDeque<OpSpec> ops = new ArrayDeque<>();
    IntStack depths = new IntStack();
    List<OpSpec> inputs = new ArrayList<>();
    Consumer<OpSpec> collect = inputs::add;
    for (OpSpec root : roots) {
      ops.push(root);
      depths.push(0);
      while (!ops.isEmpty()) {
        OpSpec op = ops.pop();
        int depth = depths.pop();
        if (depth < 0) {
          if (depth < -1 && listed.add(op.uuid())) {
            out.add(op);
          }
        } else if (depth == 0 || !listed.contains(op.uuid())) {
          ops.push(op);
          depths.push(-1 - depth);
          if (recursive || depth == 0) {
            inputs.clear();
            forEachInput(op, collect);
            for (int i = inputs.size() - 1; i >= 0; i--) {
              ops.push(inputs.get(i));
              depths.push(depth + 1);
            }
          }
        }
      }
    }
    return out;
  }

  /** A growable stack of ints, beside an ArrayDeque of ops. */
  private static final class IntStack {
    private int[] values = new int[16];
    private int size;

    void push(int value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, 2 * size);
      }
      values[size++] = value;
    }

    int pop() {
      return values[--size];
    }
  }

  /** Every op of the graphs of {@code roots}, inputs first, roots included, once each. */
  public static List<OpSpec> allOps(List<? extends OpSpec> roots) {
    List<OpSpec> all = new ArrayList<>(dependencies(roots, true));
    Set<String> seen = new HashSet<>();
    all.forEach(op -> seen.add(op.uuid()));
    for (OpSpec root : roots) {
      if (seen.add(root.uuid())) {
        all.add(root);
      }
    }
    return all;
  }

  /** The parameters (non-input fields) of {@code op} by wire name, in declaration order. */
  public static Map<String, Object> parameters(OpSpec op) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    op.forEachField((field, value) -> {
      if (!field.isInput()) {
        parameters.put(field.name(), value);
      }
    });
    return Collections.unmodifiableMap(parameters);
  }
}
