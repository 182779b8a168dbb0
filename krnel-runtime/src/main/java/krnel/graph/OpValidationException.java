package krnel.graph;

/** A field value an op cannot accept; the message names the op, the field and the fix. */
public class OpValidationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public OpValidationException(String message) {
    super(message);
  }
}
