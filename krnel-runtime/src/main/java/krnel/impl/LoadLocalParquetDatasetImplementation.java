package krnel.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import krnel.ops.LoadLocalParquetDatasetOp;
import krnel.runner.FileHashes;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Result;
import krnel.store.ParquetResults;

/**
 * Copies a Parquet file into the store (the runner stores the table this returns). The file must
 * still have the content the op was made for: its sha256 is checked against {@code content_hash}.
 */
public final class LoadLocalParquetDatasetImplementation implements OpImplementation<LoadLocalParquetDatasetOp> {
  @Override
  public Class<LoadLocalParquetDatasetOp> opType() {
    return LoadLocalParquetDatasetOp.class;
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public Result compute(LoadLocalParquetDatasetOp op, Inputs inputs) throws IOException {
    Path file = Path.of(op.filePath());
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new IllegalArgumentException("file_path: '" + op.filePath() + "' is not a regular file (a directory or"
          + " a device); point file_path at a Parquet file");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("file_path: '" + op.filePath() + "' does not exist, and the store has no copy"
          + " of this dataset (content_hash " + op.contentHash() + ") yet. Run it once where the file exists, or point"
          + " file_path at a copy of the file");
    }
    String actual = FileHashes.sha256(file);
    if (!actual.equals(op.contentHash().toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("content_hash: Checksum mismatch for '" + op.filePath() + "': expected "
          + op.contentHash() + ", got " + echoableHash(file, actual) + ". The file changed since the dataset op was"
          + " made; make a new one with runner.fromParquet(path)");
    }
    return Result.table(ParquetResults.read(file, inputs.allocator()));
  }

  /**
   * The file's sha256 only when it is a Parquet file: a graph may name any readable file, and an error
   * (printed and stored) that echoed its hash would let a graph learn the digest of any local file.
   */
  static String echoableHash(Path file, String sha256) {
    try {
      ParquetResults.checkFooter(file);
      return sha256;
    } catch (IOException e) {
      return "a file that is not a Parquet dataset (its hash is not shown)";
    }
  }
}
