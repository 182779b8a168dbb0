package krnel.s3;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Says once, on stderr, when this machine's clock is off the server's. The SDK corrects the
 * requests' signing time itself (after a RequestTimeTooSkewed it signs in the server's time, which
 * it reads from the response's {@code Date}), and leases are judged in the server's clock, so the
 * store keeps working; but the times in statuses, heartbeats included, are this machine's, and
 * another machine may take a live runner's heartbeat for a stale one.
 */
final class ClockSkewWarning implements ExecutionInterceptor {
  /** Heartbeats go stale after a minute: a skew as large as that matters. */
  static final Duration LIMIT = Duration.ofSeconds(60);

  private final String where;
  private final PrintStream err;
  private final Clock clock;
  private final AtomicBoolean warned = new AtomicBoolean();

  /** Warns on {@code err} about the store {@code where} when {@code clock} (this machine's) is off. */
  ClockSkewWarning(String where, PrintStream err, Clock clock) {
    this.where = where;
    this.err = err;
    this.clock = clock;
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    if (warned.get()) {
      return;
    }
    Instant now = clock.instant();
    context.httpResponse().firstMatchingHeader("Date").flatMap(ClockSkewWarning::parse).ifPresent(server -> {
      Duration skew = Duration.between(server, now);
      if (skew.abs().compareTo(LIMIT) > 0 && warned.compareAndSet(false, true)) {
        err.println(message(where, skew));
      }
    });
  }

  static String message(String where, Duration skew) {
    return "warning: " + where + ": this machine's clock is " + describe(skew.abs())
        + (skew.isNegative() ? " behind" : " ahead of") + " the server's; requests are signed in the server's time,"
        + " but the times in statuses (heartbeats included) are this machine's; synchronize the clock (NTP, e.g."
        + " timedatectl set-ntp true)";
  }

  static String describe(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < 120) {
      return seconds + " s";
    }
    if (seconds < 2 * 3600) {
      return (seconds + 30) / 60 + " min";
    }
    long minutes = (seconds + 30) / 60;
    return minutes / 60 + " h " + minutes % 60 + " min";
  }

  private static Optional<Instant> parse(String date) {
    try {
      return Optional.of(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
