package krnel.impl;

import static krnel.impl.ImplTesting.fails;
import static krnel.impl.ImplTesting.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import krnel.ops.ImmutableLoadLocalParquetDatasetOp;
import krnel.ops.LoadLocalParquetDatasetOp;
import krnel.runner.OpFailedException;
import krnel.runner.Runner;
import krnel.store.ParquetResults;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datasets from Parquet files: copied into the store, checked against their sha256. */
class ParquetDatasetTest {
  @TempDir Path dir;

  private Path writeSample(Path file) throws Exception {
    try (BufferAllocator allocator = new RootAllocator()) {
      List<Object> texts = List.of("buy now", "hello friend", "free money", "lunch?");
      List<Object> labels = List.of("spam", "ham", "spam", "ham");
      List<Object> vectors = List.of(List.of(0.1, 0.2), List.of(0.3, 0.4), List.of(0.5, 0.6), List.of(0.7, 0.8));
      FieldVector text = ArrowValues.build(ArrowValues.field("text", ArrowValues.STRING), texts, allocator);
      FieldVector label = ArrowValues.build(ArrowValues.field("label", ArrowValues.STRING), labels, allocator);
      FieldVector vector = ArrowValues.build(ArrowValues.field("embedding", ArrowValues.inferColumn(vectors)), vectors, allocator);
      List<Field> fields = List.of(text.getField(), label.getField(), vector.getField());
      try (VectorSchemaRoot root = new VectorSchemaRoot(fields, List.of(text, label, vector), 4)) {
        ParquetResults.write(file, root);
      }
    }
    return file;
  }

  @Test
  void selectColumnsOfAParquetDataset() throws Exception {
    Path file = writeSample(dir.resolve("sample.parquet"));
    try (Runner runner = Runner.open(dir.resolve("store").toString())) {
      LoadLocalParquetDatasetOp dataset = runner.fromParquet(file);
      assertEquals(krnel.runner.FileHashes.sha256(file), dataset.contentHash());
      assertEquals(List.of("buy now", "hello friend", "free money", "lunch?"), runner.toStrings(dataset.colText("text")));
      assertEquals(List.of(true, false, true, false), values(runner, dataset.colCategorical("label").isIn("spam")));
      assertEquals(2, runner.toFloatMatrix(dataset.colVector("embedding"))[0].length);
      assertEquals(List.of(0.2, 0.4, 0.6, 0.8), values(runner, dataset.colVector("embedding").col(1)));
      fails(runner, dataset.colScore("label"), "SelectScoreColumnOp", "'label'", "colText");
      assertTrue(runner.hasResult(dataset));
    }
  }

  @Test
  void aChangedFileIsAChecksumMismatch() throws Exception {
    Path file = writeSample(dir.resolve("sample.parquet"));
    try (Runner runner = Runner.open(dir.resolve("store").toString())) {
      LoadLocalParquetDatasetOp dataset = runner.fromParquet(file);
      Files.write(file, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
      fails(runner, dataset, "LoadLocalParquetDatasetOp", "content_hash", "Checksum mismatch for '" + file + "'",
          "expected " + dataset.contentHash());
    }
  }

  @Test
  void aMismatchEchoesTheHashOfParquetFilesOnly() throws Exception {
    Path file = writeSample(dir.resolve("sample.parquet"));
    try (Runner runner = Runner.open(dir.resolve("store").toString())) {
      LoadLocalParquetDatasetOp dataset = runner.fromParquet(file);
      Path secret = Files.writeString(dir.resolve("secret.txt"), "not parquet");
      String secretHash = krnel.runner.FileHashes.sha256(secret);
      LoadLocalParquetDatasetOp aimed = ImmutableLoadLocalParquetDatasetOp.builder()
          .contentHash(dataset.contentHash()).filePath(secret.toString()).build();
      OpFailedException e = assertThrows(OpFailedException.class, () -> runner.materialize(aimed));
      assertTrue(e.getMessage().contains("not a Parquet dataset"), e.getMessage());
      assertFalse(e.getMessage().contains(secretHash), e.getMessage());
      IllegalArgumentException direct = assertThrows(IllegalArgumentException.class,
          () -> runner.fromParquet(secret, dataset.contentHash()));
      assertFalse(direct.getMessage().contains(secretHash), direct.getMessage());
      // a Parquet file's hash is still shown: it is what the user needs to fix the graph
      LoadLocalParquetDatasetOp stale = ImmutableLoadLocalParquetDatasetOp.builder()
          .contentHash("0".repeat(64)).filePath(file.toString()).build();
      fails(runner, stale, "content_hash", "got " + dataset.contentHash());
    }
  }

  @Test
  void aDirectoryIsNotARegularFile() throws Exception {
    Path file = writeSample(dir.resolve("sample.parquet"));
    try (Runner runner = Runner.open(dir.resolve("store").toString())) {
      LoadLocalParquetDatasetOp dataset = runner.fromParquet(file);
      LoadLocalParquetDatasetOp aimed = ImmutableLoadLocalParquetDatasetOp.builder()
          .contentHash(dataset.contentHash()).filePath(dir.toString()).build();
      fails(runner, aimed, "LoadLocalParquetDatasetOp", "file_path", "is not a regular file");
      IllegalArgumentException direct = assertThrows(IllegalArgumentException.class, () -> runner.fromParquet(dir));
      assertTrue(direct.getMessage().contains("is not a regular file"), direct.getMessage());
    }
  }

  @Test
  void aMissingFileSaysTheStoreHasNoCopy() throws Exception {
    Path file = writeSample(dir.resolve("sample.parquet"));
    try (Runner runner = Runner.open(dir.resolve("store").toString())) {
      String sha = krnel.runner.FileHashes.sha256(file);
      Files.delete(file);
      LoadLocalParquetDatasetOp dataset = runner.fromParquet(file, sha);
      fails(runner, dataset, "LoadLocalParquetDatasetOp", "file_path", "does not exist", "no copy");
      assertThrows(IllegalArgumentException.class, () -> runner.fromParquet(file));
    }
  }

  @Test
  void aStoredCopyOutlivesTheFile() throws Exception {
    Path file = writeSample(dir.resolve("sample.parquet"));
    String store = dir.resolve("store").toString();
    String sha;
    try (Runner runner = Runner.open(store)) {
      LoadLocalParquetDatasetOp dataset = runner.fromParquet(file);
      sha = dataset.contentHash();
      runner.materialize(dataset);
    }
    Files.delete(file);
    try (Runner runner = Runner.open(store)) {
      LoadLocalParquetDatasetOp dataset = runner.fromParquet(file, sha);
      assertEquals(List.of("spam", "ham", "spam", "ham"), runner.toStrings(dataset.colCategorical("label")));
    }
  }
}
