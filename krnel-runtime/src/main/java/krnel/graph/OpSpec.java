package krnel.graph;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * An op: an immutable specification of one computation, identified by its content. Its
 * {@link #uuid()} is {@code <wire name>_<sha256 of its canonical JSON>}, where input ops appear as
 * their own uuids, so equal specifications have equal uuids in Java and in the Python krnel-graph.
 *
 * <p>Ops are declared as {@code @Op} interfaces extending a column type; the processor generates
 * the implementation. Equality and hash code are those of the uuid.
 */
public interface OpSpec {

  /** {@code <WireName>_<64 hex digits>}; computed once, without recursion. */
  String uuid();

  /** The catalogue entry of this op's class: wire name and fields. */
  OpType<?> opType();

  /** The op's wire name, e.g. {@code SelectTextColumnOp}. */
  default String wireName() {
    return opType().wireName();
  }

  /** Whether runners keep this op's result in memory only. */
  default boolean isEphemeral() {
    return opType().isEphemeral();
  }

  /** Visits every field in declaration order, inherited fields first. */
  void forEachField(FieldVisitor visitor);

  /** A builder holding this op's field values, for a modified copy. */
  OpBuilder<? extends OpSpec> toBuilder();

  /**
   * Writes the canonical JSON that the uuid hashes: sorted keys, {@code "type"} included,
   * {@code @ExcludeFromUuid} fields left out, input ops as their uuids.
   */
  void writeCanonical(JsonWriter out);

  /** The canonical JSON string; see {@link #writeCanonical}. */
  default String canonicalJson() {
    JsonWriter out = JsonWriter.canonical();
    writeCanonical(out);
    return out.toString();
  }

  /** The direct input ops, in field order, without duplicates. */
  default List<OpSpec> dependencies() {
    return Graph.dependencies(List.of(this), false);
  }

  /**
   * The input ops; with {@code recursive}, every op this one depends on, each after its own inputs
   * (post-order), without duplicates and without this op.
   */
  default List<OpSpec> dependencies(boolean recursive) {
    return Graph.dependencies(List.of(this), recursive);
  }

  /** The non-input fields by wire name, in declaration order, defaults and nulls included. */
  default Map<String, Object> parameters() {
    return Graph.parameters(this);
  }

  /** A copy with fields changed by wire name; unknown names are an error listing the valid ones. */
  OpSpec subs(Map<String, ?> changes);

  /** Changes fields of {@code node} (a dependency of this op), then rebuilds this graph around it. */
  OpSpec subs(OpSpec node, Map<String, ?> changes);

  /** This graph with every use of {@code old} replaced by {@code replacement}. */
  OpSpec subs(OpSpec old, OpSpec replacement);

  /** This graph with several replacements applied at once. */
  OpSpec subs(Collection<Substitution> substitutions);

  /** The whole graph as readable Java-like pseudocode, dependencies first. */
  default String toCode() {
    return Pseudocode.of(this);
  }

  /** A unified diff of this graph's pseudocode against another's. */
  default String diff(OpSpec other) {
    return Pseudocode.diff(this, other);
  }
}
