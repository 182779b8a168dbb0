package krnel.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The test JVM's one SparkSession: {@code local[2,2]}, two cores and two attempts per task, so a
 * task that fails once is retried. Spark allows one SparkContext per JVM; surefire forks one JVM
 * for the module, and the session lives until it exits.
 */
final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSession.builder().master("local[2,2]").appName("krnel-spark-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }

  static SparkEngine engine(int tasks) {
    return SparkEngine.builder().session(session()).tasks(tasks).build();
  }
}
