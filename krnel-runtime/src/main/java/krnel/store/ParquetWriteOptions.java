package krnel.store;

/**
 * How {@link ParquetResultWriter} lays out a file. The defaults are the reference's {@code
 * pq.write_table(table, f, row_group_size=65535, compression='zstd', compression_level=3)} with
 * pyarrow's 1 MiB data pages.
 *
 * @param rowGroupRows rows per row group; every row group but the last has exactly this many
 * @param compression the page codec
 * @param zstdLevel the zstd level, used when {@code compression} is {@link Compression#ZSTD}
 * @param pageBytes a data page is closed at the first row boundary after this many value bytes
 * @param compressionThreads threads compressing pages in parallel; 0 compresses on the caller's
 *     thread
 */
public record ParquetWriteOptions(
    int rowGroupRows,
    Compression compression,
    int zstdLevel,
    int pageBytes,
    int compressionThreads) {

  /** Page codecs this package writes. */
  public enum Compression {
    ZSTD,
    UNCOMPRESSED
  }

  public ParquetWriteOptions {
    if (rowGroupRows < 1) {
      throw new IllegalArgumentException("rowGroupRows must be at least 1, got " + rowGroupRows);
    }
    if (pageBytes < 1) {
      throw new IllegalArgumentException("pageBytes must be at least 1, got " + pageBytes);
    }
    if (compressionThreads < 0) {
      throw new IllegalArgumentException(
          "compressionThreads must be 0 or more, got " + compressionThreads);
    }
    if (compression == null) {
      throw new IllegalArgumentException("compression is null");
    }
  }

  /** The reference's options; one compression thread per available processor. */
  public static ParquetWriteOptions defaults() {
    return new ParquetWriteOptions(
        65_535, Compression.ZSTD, 3, 1 << 20, Runtime.getRuntime().availableProcessors());
  }

  public ParquetWriteOptions withRowGroupRows(int rows) {
    return new ParquetWriteOptions(rows, compression, zstdLevel, pageBytes, compressionThreads);
  }

  public ParquetWriteOptions withCompression(Compression codec) {
    return new ParquetWriteOptions(rowGroupRows, codec, zstdLevel, pageBytes, compressionThreads);
  }

  public ParquetWriteOptions withPageBytes(int bytes) {
    return new ParquetWriteOptions(rowGroupRows, compression, zstdLevel, bytes, compressionThreads);
  }

  public ParquetWriteOptions withCompressionThreads(int threads) {
    return new ParquetWriteOptions(rowGroupRows, compression, zstdLevel, pageBytes, threads);
  }
}
