package krnel.graph;

/** Test stub of the runtime's FieldVisitor: same public signatures. */
@FunctionalInterface
public interface FieldVisitor {
  void visit(FieldSpec field, Object value);
}
