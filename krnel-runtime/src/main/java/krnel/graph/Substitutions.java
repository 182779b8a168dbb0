package krnel.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The four forms of {@code subs}, shared by every generated op. */
public final class Substitutions {
  private Substitutions() {}

  /** A copy of {@code op} with fields changed by wire name. */
  @SuppressWarnings("unchecked")
  public static <T extends OpSpec> T withChanges(T op, Map<String, ?> changes) {
    TreeSet<String> invalid = new TreeSet<>(changes.keySet());
    op.opType().fields().forEach(field -> invalid.remove(field.name()));
    if (!invalid.isEmpty()) {
      TreeSet<String> valid = new TreeSet<>();
      op.opType().fields().forEach(field -> valid.add(field.name()));
      throw new OpValidationException("Invalid field names for " + op.wireName() + ": " + Values.pythonList(invalid)
          + ". Valid fields: " + Values.pythonList(valid));
    }
    OpBuilder<? extends OpSpec> builder = op.toBuilder();
    changes.forEach(builder::set);
    return (T) builder.build();
  }

  /** Changes fields of {@code node}, a dependency of {@code root}, and rebuilds {@code root}'s graph around it. */
  public static <T extends OpSpec> T withChanges(T root, OpSpec node, Map<String, ?> changes) {
    return replace(root, List.of(Substitution.of(node, withChanges(node, changes))));
  }

  /**
   * {@code root}'s graph with each {@code old} replaced. Every {@code old} must be a dependency of
   * {@code root}; ops that do not depend on a replaced op are kept as they are (same instances).
   */
  @SuppressWarnings("unchecked")
  public static <T extends OpSpec> T replace(T root, Collection<Substitution> substitutions) {
    Map<String, OpSpec> replacements = new LinkedHashMap<>();
    for (Substitution substitution : substitutions) {
      replacements.put(substitution.old().uuid(), substitution.replacement());
    }
    List<OpSpec> dependencies = Graph.dependencies(List.of(root), true);
    Map<String, OpSpec> rebuilt = new HashMap<>();
    for (OpSpec dependency : dependencies) {
      OpSpec replacement = replacements.get(dependency.uuid());
      rebuilt.put(dependency.uuid(), replacement != null ? replacement : rebuild(dependency, rebuilt));
    }
    List<String> missing = new ArrayList<>();
    for (Substitution substitution : substitutions) {
      if (!rebuilt.containsKey(substitution.old().uuid())) {
        missing.add(substitution.old().uuid());
      }
    }
    if (!missing.isEmpty()) {
      throw new OpValidationException("Supposed to substitute " + missing + ", but it is not in the graph dependencies of "
          + root.uuid() + " (the root itself cannot be substituted)");
    }
    return (T) rebuild(root, rebuilt);
  }

  /** {@code op} with its inputs mapped through {@code rebuilt}; {@code op} itself if none changed. */
  private static OpSpec rebuild(OpSpec op, Map<String, OpSpec> rebuilt) {
    boolean[] changed = {false};
    Graph.forEachInput(op, input -> changed[0] |= rebuilt.get(input.uuid()) != input);
    if (!changed[0]) {
      return op;
    }
    OpBuilder<? extends OpSpec> builder = op.toBuilder();
    op.forEachField((field, value) -> {
      if (value == null) {
        return;
      }
      switch (field.kind()) {
        case INPUT:
          builder.set(field.name(), rebuilt.get(((OpSpec) value).uuid()));
          break;
        case INPUT_LIST:
          List<OpSpec> list = new ArrayList<>();
          ((List<?>) value).forEach(input -> list.add(rebuilt.get(((OpSpec) input).uuid())));
          builder.set(field.name(), list);
          break;
        case INPUT_MAP:
          Map<String, OpSpec> map = new LinkedHashMap<>();
          ((Map<?, ?>) value).forEach((key, input) -> map.put((String) key, rebuilt.get(((OpSpec) input).uuid())));
          builder.set(field.name(), map);
          break;
        default:
          break;
      }
    });
    return builder.build();
  }
}
