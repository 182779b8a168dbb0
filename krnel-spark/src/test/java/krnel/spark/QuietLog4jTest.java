package krnel.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;

/** DJL's loggers under Spark's log4j: quieted unless the configuration names them (the test JVM's log4j2.properties does not). */
class QuietLog4jTest {
  @Test
  void djlLogsWarningsAndItsCudaProbeOnlyErrors() {
    // As a fresh JVM under a log4j2.properties at INFO that names no DJL logger: the test JVM's root is
    // at WARN, and the engine may already have quieted DJL here, either of which would hide a broken djl().
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Level root = LogManager.getRootLogger().getLevel();
    context.getConfiguration().removeLogger(QuietLog4j.DJL);
    context.getConfiguration().removeLogger(QuietLog4j.CUDA_UTILS);
    Configurator.setRootLevel(Level.INFO);
    try {
      assertEquals(Level.INFO, LogManager.getLogger("ai.djl.repository.zoo.ModelZoo").getLevel());
      QuietLog4j.djl();
      assertEquals(Level.WARN, LogManager.getLogger("ai.djl.repository.zoo.ModelZoo").getLevel());
      assertEquals(Level.ERROR, LogManager.getLogger(QuietLog4j.CUDA_UTILS).getLevel());
    } finally {
      Configurator.setRootLevel(root);
    }
  }

  @Test
  void aLevelTheUserConfiguredIsKept() {
    QuietLog4j.djl(); // as the engine has done in this JVM already: the level restored below
    Level before = LogManager.getLogger(QuietLog4j.CUDA_UTILS).getLevel();
    try {
      Configurator.setLevel(QuietLog4j.CUDA_UTILS, Level.DEBUG); // as a log4j2.properties naming the logger would
      QuietLog4j.djl();
      assertEquals(Level.DEBUG, LogManager.getLogger(QuietLog4j.CUDA_UTILS).getLevel());
    } finally {
      Configurator.setLevel(QuietLog4j.CUDA_UTILS, before);
    }
  }
}
