package krnel.spark;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Under Spark, slf4j logs through Spark's log4j 2, so the slf4j-simple levels krnel-onnx sets
 * ({@link krnel.runner.QuietLibraries}) do not apply: DJL's platform INFO lines and its "Failed to
 * detect GPU count" warning (a CUDA runtime newer than the driver; the tokenizer runs on the CPU
 * either way) would print on the driver and on every executor. This sets the same levels in log4j,
 * on the driver and on each executor JVM, for the loggers the log4j configuration does not name: a
 * level the user configured is kept.
 */
final class QuietLog4j {
  static final String DJL = "ai.djl";
  static final String CUDA_UTILS = "ai.djl.util.cuda.CudaUtils";

  private QuietLog4j() {}

  static void djl() {
    try {
      if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
        return; // another log4j API implementation: configured by its own files
      }
      Configuration configuration = context.getConfiguration();
      boolean djlConfigured = configuration.getLoggers().containsKey(DJL);
      if (!djlConfigured) {
        Configurator.setLevel(DJL, Level.WARN);
      }
      if (!djlConfigured && !configuration.getLoggers().containsKey(CUDA_UTILS)) {
        Configurator.setLevel(CUDA_UTILS, Level.ERROR);
      }
    } catch (NoClassDefFoundError noLog4jCore) {
      // a Spark deployment logging with another backend: nothing to do here
    }
  }
}
