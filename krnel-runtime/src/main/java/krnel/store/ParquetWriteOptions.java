package krnel.store;

/**
 * How {@link ParquetResultWriter} lays out a file. The defaults are the reference's {@code
 * pq.write_table(table, f, row_group_size=65535, compression='zstd', compression_level=3)} with
 * pyarrow's 1 MiB data pages, except for float and double columns: those are written as pyarrow's
 * {@code use_byte_stream_split=True} writes them, BYTE_STREAM_SPLIT, and compressed with zstd level
 * 1 (see {@link #byteStreamSplitFloats}). Every Parquet reader of the last years (pyarrow, DuckDB,
 * parquet-java, arrow-rs) reads both layouts.
 *
 * @param rowGroupRows rows per row group; every row group but the last has exactly this many
 * @param compression the page codec
 * @param zstdLevel the zstd level of PLAIN pages, used when {@code compression} is {@link
 *     Compression#ZSTD}
 * @param pageBytes a data page is closed at the first row boundary after this many value bytes
 * @param compressionThreads threads compressing pages in parallel; 0 compresses on the caller's
 *     thread
 * @param byteStreamSplitFloats whether FLOAT and DOUBLE values (vector elements included) are
 *     written BYTE_STREAM_SPLIT rather than PLAIN. On Gaussian float32 activations with zstd this
 *     stores 1.20× smaller than PLAIN (1.08×), compresses 3 to 4 times and decompresses about 5
 *     times faster, which is what lets the store write and read faster than 1 GB/s on two cores
 * @param floatZstdLevel the zstd level of BYTE_STREAM_SPLIT pages; compressed with a small match
 *     table, since matches are rare in float bytes and the gain is the entropy coding of the
 *     exponent bytes (level 1 compresses them smaller than level 3 does)
 * @param syncBehind whether the file is forced to disk behind the writer as it grows (see {@link
 *     SyncBehind}), for a caller that forces it at the end anyway, as the store does: the disk then
 *     writes while pages are compressed instead of after
 */
public record ParquetWriteOptions(
    int rowGroupRows,
    Compression compression,
    int zstdLevel,
    int pageBytes,
    int compressionThreads,
    boolean byteStreamSplitFloats,
    int floatZstdLevel,
    boolean syncBehind) {

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
    checkLevel("zstdLevel", zstdLevel);
    checkLevel("floatZstdLevel", floatZstdLevel);
  }

  private static void checkLevel(String name, int level) {
    // zstd's range: negative levels trade ratio for speed, 22 is the slowest
    if (level < -131072 || level > 22) {
      throw new IllegalArgumentException(
          name + " must be a zstd level from -131072 to 22, got " + level);
    }
  }

  /** The store's options; one compression thread per available processor. */
  public static ParquetWriteOptions defaults() {
    return new ParquetWriteOptions(
        65_535,
        Compression.ZSTD,
        3,
        1 << 20,
        Runtime.getRuntime().availableProcessors(),
        true,
        1,
        false);
  }

  public ParquetWriteOptions withRowGroupRows(int rows) {
    return new ParquetWriteOptions(
        rows, compression, zstdLevel, pageBytes, compressionThreads, byteStreamSplitFloats,
        floatZstdLevel, syncBehind);
  }

  public ParquetWriteOptions withCompression(Compression codec) {
    return new ParquetWriteOptions(
        rowGroupRows, codec, zstdLevel, pageBytes, compressionThreads, byteStreamSplitFloats,
        floatZstdLevel, syncBehind);
  }

  public ParquetWriteOptions withZstdLevel(int level) {
    return new ParquetWriteOptions(
        rowGroupRows, compression, level, pageBytes, compressionThreads, byteStreamSplitFloats,
        floatZstdLevel, syncBehind);
  }

  public ParquetWriteOptions withPageBytes(int bytes) {
    return new ParquetWriteOptions(
        rowGroupRows, compression, zstdLevel, bytes, compressionThreads, byteStreamSplitFloats,
        floatZstdLevel, syncBehind);
  }

  public ParquetWriteOptions withCompressionThreads(int threads) {
    return new ParquetWriteOptions(
        rowGroupRows, compression, zstdLevel, pageBytes, threads, byteStreamSplitFloats,
        floatZstdLevel, syncBehind);
  }

  /** PLAIN floats ({@code false}) are what the store wrote before BYTE_STREAM_SPLIT. */
  public ParquetWriteOptions withByteStreamSplitFloats(boolean split) {
    return new ParquetWriteOptions(
        rowGroupRows, compression, zstdLevel, pageBytes, compressionThreads, split,
        floatZstdLevel, syncBehind);
  }

  public ParquetWriteOptions withFloatZstdLevel(int level) {
    return new ParquetWriteOptions(
        rowGroupRows, compression, zstdLevel, pageBytes, compressionThreads,
        byteStreamSplitFloats, level, syncBehind);
  }

  public ParquetWriteOptions withSyncBehind(boolean sync) {
    return new ParquetWriteOptions(
        rowGroupRows, compression, zstdLevel, pageBytes, compressionThreads,
        byteStreamSplitFloats, floatZstdLevel, sync);
  }
}
