package krnel.runner;

import java.io.PrintStream;
import java.util.concurrent.CancellationException;

/**
 * Progress of one long task. On a terminal it redraws one line; otherwise (CI, logs) it prints a
 * line at most every few seconds, so logs stay readable. Each step checks for an interrupt.
 */
public final class Progress implements AutoCloseable {
  private static final long LOG_INTERVAL_NANOS = 5_000_000_000L;

  private final String task;
  private final long total;
  private final PrintStream out;
  private final boolean terminal;
  private long done;
  private long lastPrint = System.nanoTime();

  Progress(String task, long total, PrintStream out, boolean terminal) {
    this.task = task;
    this.total = total;
    this.out = out;
    this.terminal = terminal;
  }

  /** Progress that prints nothing, for tests and quiet runs. */
  public static Progress silent(String task, long total) {
    return new Progress(task, total, null, false);
  }

  /**
   * Counts {@code count} more units done. It is where a long task stops when its thread is interrupted (the
   * notebook's stop button): a {@link CancellationException}, with the interrupt flag left set, which the runner
   * records as the op's failure.
   */
  public void step(long count) {
    if (Thread.currentThread().isInterrupted()) {
      throw new CancellationException(task + ": interrupted after " + done + " of " + total);
    }
    done += count;
    long now = System.nanoTime();
    if (out == null) {
      return;
    }
    if (terminal) {
      out.print("\r" + line());
      out.flush();
    } else if (now - lastPrint > LOG_INTERVAL_NANOS) {
      out.println(line());
      lastPrint = now;
    }
  }

  private String line() {
    int percent = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
    int filled = percent / 5;
    return String.format("%-40s [%s%s] %3d%% %d/%d", task, "#".repeat(filled), " ".repeat(20 - filled), percent, done, total);
  }

  @Override
  public void close() {
    if (out != null && terminal) {
      out.println("\r" + line());
    }
  }
}
