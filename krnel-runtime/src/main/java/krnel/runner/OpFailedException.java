package krnel.runner;

import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.CancellationException;
import krnel.graph.OpSpec;

/** An op's implementation threw; the op is marked failed in the store with this message. */
public final class OpFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String uuid;

  /** The stored error of an op whose thread was interrupted while it computed. */
  static final String INTERRUPTED = "interrupted (the notebook's stop button, or Thread.interrupt); nothing was stored:"
      + " run it again to compute it";

  OpFailedException(OpSpec op, Throwable cause) {
    super(op.wireName() + " " + op.uuid() + " failed: " + (isInterruption(cause) ? INTERRUPTED : describe(cause)), cause);
    this.uuid = op.uuid();
  }

  public String uuid() {
    return uuid;
  }

  /** Whether {@code error} or one of its causes is an interrupt: a blocking call's, or a {@link Progress} step's. */
  static boolean isInterruption(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InterruptedException || t instanceof InterruptedIOException || t instanceof ClosedByInterruptException
          || t instanceof CancellationException) {
        return true;
      }
    }
    return false;
  }

  static String describe(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
  }
}
