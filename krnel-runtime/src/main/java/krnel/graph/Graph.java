package krnel.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
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
    for (OpSpec root : roots) {
      // Each frame is an op and the inputs still to visit; depth 0 is the root.
      Deque<Frame> stack = new ArrayDeque<>();
      stack.push(new Frame(root, 0));
      while (!stack.isEmpty()) {
        Frame frame = stack.peek();
        if (frame.inputs.hasNext()) {
          OpSpec input = frame.inputs.next();
          if (listed.contains(input.uuid())) {
            continue;
          }
          if (recursive || frame.depth == 0) {
            stack.push(new Frame(input, frame.depth + 1));
          }
          continue;
        }
        stack.pop();
        if (frame.depth > 0 && listed.add(frame.op.uuid())) {
          out.add(frame.op);
        }
      }
    }
    return out;
  }

  private static final class Frame {
    final OpSpec op;
    final int depth;
    final Iterator<OpSpec> inputs;

    Frame(OpSpec op, int depth) {
      this.op = op;
      this.depth = depth;
      this.inputs = inputs(op).iterator();
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
