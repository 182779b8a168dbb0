package krnel.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import krnel.graph.OpSpec;
import krnel.ops.ClassifierEvaluationOp;
import krnel.ops.LoadLocalParquetDatasetOp;
import krnel.runner.OpState;
import krnel.runner.OpStatus;
import krnel.runner.Runner;
import krnel.store.ParquetResults;
import krnel.types.BooleanColumn;
import krnel.types.Classifier;
import krnel.types.ScoreColumn;
import krnel.types.VectorColumn;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart's shape on an s3:// store, CI-sized: Parquet datasets, a column of vectors, a
 * logistic-regression probe trained on one dataset, its predictions on the other by substitution,
 * and their evaluation; then a second runner with an empty cache (another machine) that finds
 * everything done and computes nothing.
 */
@ExtendWith(SharedS3Mock.class)
class S3GraphTest {
  @TempDir Path scratch;

  /** Two clusters of 8-dimensional vectors, labelled by cluster, written as a Parquet dataset. */
  private Path dataset(String name, long seed, int rows) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    List<List<Double>> vectors = new ArrayList<>();
    List<Boolean> labels = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      boolean positive = i % 2 == 0;
      List<Double> vector = new ArrayList<>();
      for (int d = 0; d < 8; d++) {
        vector.add((positive ? 1.0 : -1.0) + random.nextGaussian());
      }
      vectors.add(vector);
      labels.add(positive);
    }
    Map<String, List<?>> columns = new LinkedHashMap<>();
    columns.put("x", vectors);
    columns.put("spam", labels);
    Path file = scratch.resolve(name + ".parquet");
    try (Runner memory = Runner.memory(); VectorSchemaRoot table = memory.toArrow(memory.fromInlineDataset(columns))) {
      ParquetResults.write(file, table);
    }
    return file;
  }

  @Test
  void theQuickstartRunsOnABucketAndASecondMachineComputesNothing() throws Exception {
    String store = S3TestSupport.freshStore();
    Path trainFile = dataset("train", 1, 200);
    Path testFile = dataset("test", 2, 100);
    S3TestSupport.useServer(SharedS3Mock.server(), scratch.resolve("laptop-cache"));
    ClassifierEvaluationOp report;
    List<OpSpec> stored;
    JsonNode first;
    try (Runner runner = Runner.open(store)) {
      LoadLocalParquetDatasetOp train = runner.fromParquet(trainFile);
      LoadLocalParquetDatasetOp test = runner.fromParquet(testFile);
      VectorColumn x = train.colVector("x");
      BooleanColumn spam = train.colBoolean("spam");
      Classifier probe = x.trainClassifier("logistic_regression", spam);
      ScoreColumn score = probe.predict(x.subs(train, test));
      report = score.evaluate(spam.subs(train, test));
      runner.materialize(report);
      first = runner.toJson(report);
      assertTrue(first.path("all").path("roc_auc").asDouble() > 0.95, first.toString());
      stored = List.of(train, test, probe, score, report);
      for (OpSpec op : stored) {
        assertEquals(OpState.COMPLETED, runner.status(op).state(), op.wireName());
      }
    }

    S3TestSupport.useServer(SharedS3Mock.server(), scratch.resolve("gpu-cache")); // another machine's empty cache
    try (Runner other = Runner.open(store)) {
      assertEquals(List.of(), other.plan(List.of(report)));
      OpSpec fromStore = other.findOp(report.uuid()).orElseThrow();
      assertEquals(first.toString(), other.toJson(fromStore).toString());
      for (OpSpec op : stored) {
        OpStatus before = other.status(op);
        assertEquals(OpState.COMPLETED, before.state(), op.wireName());
      }
      other.materialize(fromStore); // nothing to do: no status is touched
      for (OpSpec op : stored) {
        assertFalse(other.status(op).timeCompleted() == null, op.wireName());
      }
    }
  }
}
