package krnel.graph;

/** Test stub of the runtime's OpValidationException: same public signatures. */
public class OpValidationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public OpValidationException(String message) {
    super(message);
  }
}
