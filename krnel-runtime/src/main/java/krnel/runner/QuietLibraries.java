package krnel.runner;

/**
 * Keeps the libraries Krnel uses from logging their start-up INFO lines into a user's program when
 * the program logs with slf4j-simple (the usual choice of a small program): Arrow's "Debug mode
 * disabled" and allocation-manager lines, DJL's platform lines. slf4j-simple reads a logger's level
 * from the system property {@code org.slf4j.simpleLogger.log.<logger>} when the logger is created,
 * so this runs before those libraries' first use. A level the user set is kept, and other logging
 * backends (Logback, Log4j) are configured by their own files, untouched.
 */
public final class QuietLibraries {
  private static final String PREFIX = "org.slf4j.simpleLogger.log.";

  private QuietLibraries() {}

  /** Loggers under {@code loggerPrefix} log {@code level} and above, unless the user chose a level. */
  public static void atLeast(String loggerPrefix, String level) {
    String key = PREFIX + loggerPrefix;
    if (System.getProperty(key) == null) {
      System.setProperty(key, level);
    }
  }

  static void arrow() {
    atLeast("org.apache.arrow", "warn");
  }
}
