package krnel.cli;

/**
 * A user mistake or a failed check: printed as {@code error: <message>} and {@code hint: <hint>},
 * with the stack trace only under {@code --verbose}, and exit code 1.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String hint;

  CliException(String message, String hint) {
    this(message, hint, null);
  }

  CliException(String message, String hint, Throwable cause) {
    super(message, cause);
    this.hint = hint;
  }

  String hint() {
    return hint;
  }
}
