package krnel.graph;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Test stub of the runtime's OpSpec: same public signatures, no behaviour. */
public interface OpSpec {

  String uuid();

  OpType<?> opType();

  default String wireName() {
    throw new UnsupportedOperationException();
  }

  default boolean isEphemeral() {
    throw new UnsupportedOperationException();
  }

  void forEachField(FieldVisitor visitor);

  OpBuilder<? extends OpSpec> toBuilder();

  void writeCanonical(JsonWriter out);

  default String canonicalJson() {
    throw new UnsupportedOperationException();
  }

  default List<OpSpec> dependencies() {
    throw new UnsupportedOperationException();
  }

  default List<OpSpec> dependencies(boolean recursive) {
    throw new UnsupportedOperationException();
  }

  default Map<String, Object> parameters() {
    throw new UnsupportedOperationException();
  }

  OpSpec subs(Map<String, ?> changes);

  OpSpec subs(OpSpec node, Map<String, ?> changes);

  OpSpec subs(OpSpec old, OpSpec replacement);

  OpSpec subs(Collection<Substitution> substitutions);

  default String toCode() {
    throw new UnsupportedOperationException();
  }

  default String diff(OpSpec other) {
    throw new UnsupportedOperationException();
  }
}
