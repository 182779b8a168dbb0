package krnel.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The store's Parquet result format ({@code result.parquet}), readable and writable by both this
 * package and the Python reference, which writes {@code pq.write_table(table, f,
 * row_group_size=65535, compression='zstd', compression_level=3)}. Whole-table methods for small
 * results; {@link ParquetResultWriter} and {@link ParquetResultReader} stream large ones (vectors
 * of millions of rows, more than 2^31 floats) a batch at a time.
 *
 * <h2>Why a Parquet codec of our own</h2>
 *
 * <p>A spike compared three ways, writing and reading 100,000 × 768 float32 vectors on this
 * project's 2-core machines:
 *
 * <ul>
 *   <li><b>arrow-dataset 18.3.0</b> (Arrow C++ through JNI, 74 MiB jar): its Java writer takes no
 *       options, so no zstd level and no row group size (the file came out uncompressed, in row
 *       groups of 8,192 rows, named {@code data_0}, into an empty directory); and it writes no
 *       {@code ARROW:schema}, so fixed-size lists read back as lists. It cannot write the
 *       reference's files.
 *   <li><b>parquet-hadoop 1.17.1</b> ({@code LocalOutputFile}, a {@code WriteSupport} feeding
 *       values one by one): correct, but 8 to 22 MB/s writing and 15 to 24 MB/s reading (record
 *       API, per-value calls and levels), and it needs Hadoop on the class path ({@code
 *       hadoop-client-api} + {@code -runtime}: 50 MiB, 70 MiB with its other dependencies).
 *   <li><b>This package</b>: a writer and reader of the subset of Parquet that result files use,
 *       over {@code parquet-format-structures} (the Apache Thrift footer and page-header classes,
 *       0.8 MiB, no Hadoop) and {@code zstd-jni} (7 MiB, natives for the usual platforms). Vector
 *       pages are copied buffer to buffer between Arrow and the page, levels are written as runs,
 *       pages are compressed and decompressed on a small pool, so the codec, not the format, sets
 *       the speed: zstd level 3 compresses float activations at 0.3 to 0.7 GB/s a core and
 *       decompresses them near 1 GB/s a core.
 * </ul>
 *
 * <p>What it writes: v1 data pages of about 1 MiB, PLAIN values, RLE levels, no dictionary and no
 * statistics (both optional), three-level lists, and the annotations pyarrow writes for each type.
 * What it reads: what pyarrow, parquet-mr and arrow-rs write by default (dictionary pages, v1 and
 * v2 data pages, RLE booleans, BYTE_STREAM_SPLIT and the DELTA encodings; ZSTD, SNAPPY, GZIP or no
 * compression). It refuses, with a message naming the file and column: MAP, DECIMAL, TIME, INT96,
 * FLOAT16 and encrypted files.
 *
 * <h2>Compatibility, as checked</h2>
 *
 * <p>Arrow C++ (the reader pyarrow wraps, run through arrow-dataset's JNI) and arrow-rs read files
 * written here with every type intact, fixed-size lists and time zones included; this package reads
 * their files ({@code src/test/resources/store/}). One limit is Arrow C++'s, not the format's: it
 * can neither write nor read a <em>null</em> fixed-size-list row (apache/arrow#35692, fixed only in
 * 2026), so a vector column that pyarrow must read should have no null rows, which the store's
 * vectors never have.
 */
public final class ParquetResults {
  private ParquetResults() {}

  /**
   * How many list and struct levels a column may nest: deeper data is refused before it is stored,
   * since readers (this one and others) walk a schema recursively and a stored result must read back.
   */
  public static final int MAX_NESTING = 64;

  /** How many list or struct levels {@code field} nests (0 for a flat column), without recursion. */
  public static int nesting(org.apache.arrow.vector.types.pojo.Field field) {
    int deepest = 0;
    java.util.ArrayDeque<Object[]> todo = new java.util.ArrayDeque<>();
    todo.push(new Object[] {field, 0});
    while (!todo.isEmpty()) {
      Object[] next = todo.pop();
      org.apache.arrow.vector.types.pojo.Field f = (org.apache.arrow.vector.types.pojo.Field) next[0];
      int depth = (Integer) next[1];
      deepest = Math.max(deepest, depth);
      for (org.apache.arrow.vector.types.pojo.Field child : f.getChildren()) {
        todo.push(new Object[] {child, depth + 1});
      }
    }
    return deepest;
  }

  /**
   * Refuses a column that nests more than {@link #MAX_NESTING} levels.
   *
   * @throws IllegalArgumentException naming {@code what} and the column
   */
  public static void checkNesting(org.apache.arrow.vector.types.pojo.Field field, String what) {
    int depth = nesting(field);
    if (depth > MAX_NESTING) {
      throw new IllegalArgumentException(what + ": column '" + field.getName() + "' nests " + depth
          + " levels of lists or objects; at most " + MAX_NESTING + " can be stored and read back");
    }
  }

  /** Writes {@code table} to {@code file} with the reference's options. */
  public static void write(Path file, VectorSchemaRoot table) throws IOException {
    write(file, table, ParquetWriteOptions.defaults());
  }

  public static void write(Path file, VectorSchemaRoot table, ParquetWriteOptions options)
      throws IOException {
    try (ParquetResultWriter writer = ParquetResultWriter.open(file, table.getSchema(), options)) {
      writer.write(table);
    }
  }

  /**
   * Reads all of {@code file} into one table that the caller closes. For small results: the whole
   * table must fit in memory and in Arrow's 2^31-element vectors.
   */
  public static VectorSchemaRoot read(Path file, BufferAllocator allocator) throws IOException {
    long rows;
    try (ParquetResultReader probe = ParquetResultReader.open(file, allocator)) {
      rows = probe.rowCount();
    }
    if (rows > Integer.MAX_VALUE) {
      throw new ParquetFormatException(
          file,
          rows
              + " rows are too many to read as one table;"
              + " stream it with ParquetResultReader");
    }
    try (ParquetResultReader reader =
        ParquetResultReader.open(file, allocator, (int) Math.max(1, rows))) {
      return whole(reader, allocator);
    }
  }

  /**
   * {@link #read(Path, BufferAllocator)} from {@code channel}, which is closed afterwards; {@code
   * file} names it in errors. For bytes still arriving: see {@link
   * ParquetResultReader#open(java.nio.channels.FileChannel, Path, BufferAllocator, int)}.
   */
  public static VectorSchemaRoot read(
      java.nio.channels.FileChannel channel, Path file, BufferAllocator allocator)
      throws IOException {
    try (ParquetResultReader reader =
        ParquetResultReader.open(channel, file, allocator, ParquetResultReader.WHOLE_FILE)) {
      return whole(reader, allocator);
    }
  }

  private static VectorSchemaRoot whole(ParquetResultReader reader, BufferAllocator allocator)
      throws IOException {
    VectorSchemaRoot batch = reader.getVectorSchemaRoot();
    reader.loadNextBatch();
    List<FieldVector> vectors = new ArrayList<>();
    for (FieldVector vector : batch.getFieldVectors()) {
      var transfer = vector.getTransferPair(allocator);
      transfer.transfer();
      vectors.add((FieldVector) transfer.getTo());
    }
    return new VectorSchemaRoot(batch.getSchema(), vectors, (int) reader.rowCount());
  }

  /**
   * Checks that {@code file} is a Parquet file whose footer parses, without reading its data.
   *
   * @throws ParquetFormatException naming the file and what is wrong
   */
  public static void checkFooter(Path file) throws IOException {
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
      ParquetFooter.read(channel, file);
    }
  }

  /** The Arrow schema a file reads as, from its footer alone. */
  public static Schema schema(Path file, BufferAllocator allocator) throws IOException {
    try (ParquetResultReader reader = ParquetResultReader.open(file, allocator)) {
      return reader.getVectorSchemaRoot().getSchema();
    }
  }
}
