package krnel.runner;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the running status of an op being computed fresh in the store, so that a reader can tell a
 * runner that died from a slow one. Every write of the status while the op computes goes through
 * here; once closed, no heartbeat overwrites what the runner writes next.
 */
final class Heartbeat implements AutoCloseable {
  /** How often the status is refreshed ({@code -Dkrnel.heartbeat.seconds}, 10 by default). */
  static final Duration INTERVAL = Duration.ofSeconds(Math.max(1, Long.getLong("krnel.heartbeat.seconds", 10)));
  /** A heartbeat older than this means its runner is gone (six missed beats, at least a minute). */
  static final Duration STALE = INTERVAL.multipliedBy(6).compareTo(Duration.ofMinutes(1)) > 0
      ? INTERVAL.multipliedBy(6) : Duration.ofMinutes(1);

  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "krnel-heartbeat");
    thread.setDaemon(true);
    return thread;
  });

  private final Store store;
  private final ScheduledFuture<?> task;
  private OpStatus status;
  private boolean stopped;

  /** Writes {@code running} and refreshes it until closed. */
  Heartbeat(Store store, OpStatus running) throws IOException {
    this.store = store;
    this.status = running;
    store.writeStatus(running);
    long millis = INTERVAL.toMillis();
    this.task = TIMER.scheduleWithFixedDelay(this::beat, millis, millis, TimeUnit.MILLISECONDS);
  }

  synchronized OpStatus status() {
    return status;
  }

  /** Replaces the running status (e.g. with the provenance now known). */
  synchronized void update(OpStatus running) throws IOException {
    status = running;
    store.writeStatus(running);
  }

  private synchronized void beat() {
    if (stopped) {
      return;
    }
    status = status.beat(Instant.now());
    try {
      store.writeStatus(status);
    } catch (IOException | RuntimeException e) {
      // the next beat tries again; missed beats only make the op look dead sooner to readers without its lock
    }
  }

  /** Whether {@code running}'s heartbeat is older than {@link #STALE} at {@code now}. */
  static boolean isStale(OpStatus running, Instant now) {
    return running.heartbeat() != null && running.heartbeat().plus(STALE).isBefore(now);
  }

  @Override
  public synchronized void close() {
    stopped = true;
    task.cancel(false);
  }
}
