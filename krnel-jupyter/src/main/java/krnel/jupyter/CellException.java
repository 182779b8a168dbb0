package krnel.jupyter;

/** A cell that cannot run, with a message meant for the notebook (no stack trace is shown for it). */
final class CellException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CellException(String message) {
    super(message);
  }
}
