package krnel.graph;

/** Test stub of the runtime's Substitution: same public signatures, no behaviour. */
public record Substitution(OpSpec old, OpSpec replacement) {
  public Substitution {}

  public static Substitution of(OpSpec old, OpSpec replacement) {
    throw new UnsupportedOperationException();
  }
}
