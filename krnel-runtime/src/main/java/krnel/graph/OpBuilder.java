package krnel.graph;

/**
 * The untyped face of a generated builder, used where fields are known by wire name only (graph
 * JSON, {@code subs(Map)}). Values are checked and converted to the field's type; a wrong value is
 * an {@link OpValidationException} naming the op and the field.
 */
public interface OpBuilder<T extends OpSpec> {
  /** Sets the field with wire name {@code fieldName}. */
  OpBuilder<T> set(String fieldName, Object value);

  /** Builds the op, checking that every required field was set. */
  T build();
}
