package krnel.spark;

import static krnel.samples.KrnelOps.keywordCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import krnel.cli.Krnel;
import krnel.graph.GraphJson;
import krnel.graph.OpSpec;
import krnel.ops.ImmutableLoadInlineJsonDatasetOp;
import krnel.samples.QuickstartGraph;
import krnel.types.TextColumn;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.io.TempDir;

/** {@code krnel run --spark local[2] --store STORE -g graph.json}, as docs/spark.md shows it. */
class SparkCliTest {
  @TempDir Path dir;

  private static String krnel(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Krnel.run(new PrintWriter(out), new PrintWriter(err), args);
    assertEquals(0, code, out + "\n" + err);
    return out.toString();
  }

  @Test
  void runWithSparkStoresWhatRunWithoutStores() throws IOException {
    SharedSpark.session(); // the CLI's engine finds this JVM's session and leaves it open
    TextColumn text = ImmutableLoadInlineJsonDatasetOp.builder()
        .data(Map.of("text", List.of("free money", "hello", "click here", "order now!!"))).build().colText("text");
    List<OpSpec> ops = List.of(text.then(keywordCount(QuickstartGraph.SPAM_WORDS)),
        ImmutableFlakyLengthOp.builder().text(text).failingAttempts(0).build());
    Path graph = Files.writeString(dir.resolve("graph.json"), GraphJson.write(ops));
    Path local = dir.resolve("local");
    Path spark = dir.resolve("spark");

    krnel("run", "--store", local.toString(), "-g", graph.toString());
    String out = krnel("run", "--spark", "local[2]", "--store", spark.toString(), "-g", graph.toString());

    assertTrue(out.contains("Summary: 3 ops: 3 computed, 0 already stored, 0 failed"), out);
    assertEquals(3, StoreComparison.assertSameResults(local, spark)); // the dataset and the two row-wise ops
    for (OpSpec op : ops) {
      assertTrue(SharedSpark.session().sparkContext().statusTracker().getJobIdsForGroup("krnel-" + op.uuid()).length > 0);
    }
    // Spark's log4j, which the test's log4j2.properties leaves DJL's loggers to: its CUDA warning is off
    assertFalse(LoggerFactory.getLogger(QuietLog4j.CUDA_UTILS).isWarnEnabled(), "DJL's GPU-count warning is quiet");
    assertTrue(LoggerFactory.getLogger(QuietLog4j.CUDA_UTILS).isErrorEnabled());
    assertFalse(LoggerFactory.getLogger("ai.djl.repository.zoo.ModelZoo").isInfoEnabled(), "DJL's INFO lines are quiet");
  }
}
