package krnel.graph;

/** Test stub of the runtime's OpBuilder: same public signatures. */
public interface OpBuilder<T extends OpSpec> {
  OpBuilder<T> set(String fieldName, Object value);

  T build();
}
