package krnel.spark;

import krnel.runner.RowWiseEngine;
import krnel.runner.RowWiseEngineFactory;

/** {@code krnel run --spark MASTER}: a {@link SparkEngine} on the session spark-submit made, or a new one on MASTER. */
public final class SparkEngineFactory implements RowWiseEngineFactory {
  @Override
  public String name() {
    return "spark";
  }

  @Override
  public RowWiseEngine create(String master) {
    try {
      Class.forName("org.apache.spark.sql.SparkSession", false, SparkEngineFactory.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("Apache Spark (org.apache.spark:spark-sql_2.13 4.2) is not on the classpath;"
          + " krnel-spark expects it from spark-submit or the classpath (provided scope)", e);
    }
    return SparkEngine.builder().master(master).build();
  }
}
