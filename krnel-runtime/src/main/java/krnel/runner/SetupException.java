package krnel.runner;

/**
 * The program or its build is set up wrong (a missing JVM flag, an annotation processor that did
 * not run): one line that names the problem and the fix. It carries no stack trace, as the trace
 * would only bury that line.
 */
public final class SetupException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public SetupException(String message) {
    super(message);
    setStackTrace(new StackTraceElement[0]);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // see the class comment
  }
}
