package krnel.runner;

import krnel.graph.OpSpec;

/** An op's implementation threw; the op is marked failed in the store with this message. */
public final class OpFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String uuid;

  OpFailedException(OpSpec op, Throwable cause) {
    super(op.wireName() + " " + op.uuid() + " failed: " + describe(cause), cause);
    this.uuid = op.uuid();
  }

  public String uuid() {
    return uuid;
  }

  static String describe(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
  }
}
