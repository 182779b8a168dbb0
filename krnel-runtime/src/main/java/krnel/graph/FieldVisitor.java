package krnel.graph;

/** Receives an op's fields in declaration order; see {@link OpSpec#forEachField}. */
@FunctionalInterface
public interface FieldVisitor {
  /**
   * @param field the field's description
   * @param value its value: an {@link OpSpec}, a {@code List}/{@code Map} of them, or a parameter
   *     value (String, Number, Boolean, enum, or deep-immutable JSON-like List/Map); may be null
   */
  void visit(FieldSpec field, Object value);
}
