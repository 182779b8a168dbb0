package krnel.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;

/**
 * Reads a Parquet file as a stream of Arrow batches: {@link #loadNextBatch()} refills {@link
 * #getVectorSchemaRoot()} with the next rows, so a result larger than memory, or than 2^31 floats,
 * is read a batch at a time. Only one page per column is held besides the batch. Fixed-size lists
 * come back as fixed-size lists when the file has an {@code ARROW:schema} entry (see {@link
 * ReadSchema}); as lists otherwise.
 *
 * <p>By default a batch holds about 32 MiB of decoded values (at least 1,024 rows, at most 65,536);
 * batches may span row groups. Not thread-safe.
 */
public final class ParquetResultReader extends ArrowReader {
  private static final long BATCH_BYTES = 32L << 20;

  private final Path file;
  private final FileChannel channel;
  private final FileMetaData footer;
  private final ReadSchema schema;
  private final ExecutorService pool;
  private final int batchRows;
  private final List<ColumnChunkReader> chunkReaders = new ArrayList<>();
  private final List<LeafAssembler> assemblers = new ArrayList<>();
  /** Per leaf: the fresh buffer the decoding threads fault in for the batch being read, if any. */
  private final List<AtomicReference<Prefaulter>> prefaulters = new ArrayList<>();
  private final long[] lastDataAddress;
  private final List<ArrayDeque<DecodedPage>> sparePages = new ArrayList<>();
  private int rowGroup = -1;
  private long rowGroupLeft;
  private long rowsRead;
  private long bytesRead;

  /** {@link #batchRows} meaning "the whole file in one batch" (for {@link ParquetResults#read}). */
  static final int WHOLE_FILE = -1;

  private ParquetResultReader(Path file, BufferAllocator allocator, int batchRows)
      throws IOException {
    this(FileChannel.open(file, StandardOpenOption.READ), file, allocator, batchRows);
  }

  private ParquetResultReader(
      FileChannel channel, Path file, BufferAllocator allocator, int batchRows) throws IOException {
    super(allocator);
    this.file = file;
    this.channel = channel;
    int threads = Runtime.getRuntime().availableProcessors();
    AtomicInteger n = new AtomicInteger();
    this.pool =
        threads < 2
            ? null
            : Executors.newFixedThreadPool(
                threads,
                r -> {
                  Thread t = new Thread(r, "krnel-parquet-decode-" + n.incrementAndGet());
                  t.setDaemon(true);
                  return t;
                });
    try {
      this.footer = ParquetFooter.read(channel, file);
      this.schema = ReadSchema.of(file, footer);
      this.batchRows =
          batchRows > 0
              ? batchRows
              : batchRows == WHOLE_FILE ? wholeFile(file, footer) : defaultBatchRows(footer);
      this.lastDataAddress = new long[schema.leafPaths.size()];
      for (int i = 0; i < schema.leafPaths.size(); i++) {
        prefaulters.add(new AtomicReference<>());
        sparePages.add(new ArrayDeque<>());
      }
    } catch (IOException | RuntimeException e) {
      channel.close();
      if (pool != null) {
        pool.shutdownNow();
      }
      throw e;
    }
  }

  /** Opens {@code file} with batches of about 32 MiB. */
  public static ParquetResultReader open(Path file, BufferAllocator allocator) throws IOException {
    return new ParquetResultReader(file, allocator, 0);
  }

  /** Opens {@code file} with batches of {@code batchRows} rows (the last may have fewer). */
  public static ParquetResultReader open(Path file, BufferAllocator allocator, int batchRows)
      throws IOException {
    if (batchRows < 1) {
      throw new IllegalArgumentException("batchRows must be at least 1, got " + batchRows);
    }
    return new ParquetResultReader(file, allocator, batchRows);
  }

  /**
   * Opens the Parquet bytes that {@code channel} reads (and this reader closes), with batches of
   * {@code batchRows} rows; {@code file} names them in errors. Only {@link FileChannel#size()} and
   * positional {@link FileChannel#read(java.nio.ByteBuffer, long) reads} are used, possibly from
   * several threads at once, so the channel may be one whose reads wait for bytes still arriving
   * (the s3 store decodes a result while it downloads it).
   */
  public static ParquetResultReader open(
      FileChannel channel, Path file, BufferAllocator allocator, int batchRows) throws IOException {
    if (batchRows < 1 && batchRows != WHOLE_FILE) {
      throw new IllegalArgumentException("batchRows must be at least 1, got " + batchRows);
    }
    return new ParquetResultReader(channel, file, allocator, batchRows);
  }

  private static int wholeFile(Path file, FileMetaData footer) throws ParquetFormatException {
    long rows = footer.getNum_rows();
    if (rows > Integer.MAX_VALUE) {
      throw new ParquetFormatException(
          file, rows + " rows are too many to read as one table; stream it with ParquetResultReader");
    }
    return (int) Math.max(1, rows);
  }

  private static int defaultBatchRows(FileMetaData footer) {
    long bytes = 0;
    long rows = 0;
    for (RowGroup group : footer.getRow_groups()) {
      bytes += group.getTotal_byte_size();
      rows += group.getNum_rows();
    }
    long perRow = rows == 0 ? 1 : Math.max(1, bytes / rows);
    return (int) Math.max(1024, Math.min(65_536, BATCH_BYTES / perRow));
  }

  /**
   * Skips, without reading them, the row groups that end at or before {@code row}, so that the next
   * batch starts at the first row of the row group holding {@code row}; returns that row's index.
   * For readers of a slice of a large file (a Spark task's rows). Only before the first batch.
   */
  public long skipRowGroupsBefore(long row) {
    if (rowGroup != -1 || rowsRead != 0) {
      throw new IllegalStateException(file + ": skipRowGroupsBefore must come before the first batch");
    }
    long start = 0;
    int group = 0;
    while (group < footer.getRow_groupsSize() && start + footer.getRow_groups().get(group).getNum_rows() <= row) {
      start += footer.getRow_groups().get(group).getNum_rows();
      group++;
    }
    rowGroup = group - 1;
    rowsRead = start;
    return start;
  }

  /** The number of rows in the file, from its footer. */
  public long rowCount() {
    return footer.getNum_rows();
  }

  public int rowGroupCount() {
    return footer.getRow_groupsSize();
  }

  public int batchRows() {
    return batchRows;
  }

  @Override
  protected Schema readSchema() {
    return schema.arrow;
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    prepareLoadNextBatch();
    VectorSchemaRoot root = getVectorSchemaRoot();
    try {
      if (!nextNonEmptyRowGroup()) {
        return false;
      }
      int rows = (int) Math.min(batchRows, rowsLeft());
      for (FieldVector vector : root.getFieldVectors()) {
        Vectors.prepare(vector, rows);
      }
      startPrefaulting(root, rows);
      try {
        fill(root, rows);
      } finally {
        stopPrefaulting();
      }
      root.setRowCount(rows);
      rowsRead += rows;
      return true;
    } catch (ParquetFormatException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ParquetFormatException(file, "row group " + rowGroup + ": " + e.getMessage(), e);
    }
  }

  private void fill(VectorSchemaRoot root, int rows) throws IOException {
      int filled = 0;
      while (filled < rows) {
        nextNonEmptyRowGroup();
        int take = (int) Math.min(rows - filled, rowGroupLeft);
        for (int i = 0; i < assemblers.size(); i++) {
          ColumnNode top = schema.leafPaths.get(i)[0];
          try {
            assemblers.get(i).read(root, schema.top.indexOf(top), filled, take, prefaulters.get(i).get());
          } catch (RuntimeException e) {
            String where = e instanceof LeafAssembler.RowException at ? ", row " + (rowsRead + at.row) : "";
            throw new ParquetFormatException(file, "column '" + columnName(schema.leafPaths.get(i)) + "'" + where
                + " (row group " + rowGroup + "): " + e.getMessage(), e);
          }
        }
        filled += take;
        rowGroupLeft -= take;
      }
  }

  /**
   * For each leaf whose values fill a buffer that {@link Vectors#prepare} has just allocated (a
   * flat fixed-width column or a fixed-size list of one, as vectors are): lets the decoding threads
   * fault that buffer in ahead of the assembly (see {@link Prefaulter}). Such buffers never grow
   * while the batch is read, so the address stays valid.
   */
  private void startPrefaulting(VectorSchemaRoot root, int rows) {
    if (pool == null) {
      return;
    }
    for (int i = 0; i < schema.leafPaths.size(); i++) {
      ColumnNode[] path = schema.leafPaths.get(i);
      FieldVector top = root.getVector(schema.top.indexOf(path[0]));
      long values = rows;
      FieldVector leaf = top;
      if (path.length == 2 && top instanceof FixedSizeListVector list) {
        leaf = list.getDataVector();
        values = (long) rows * list.getListSize();
      } else if (path.length != 1) {
        continue;
      }
      if (!(leaf instanceof BaseFixedWidthVector fixed) || leaf instanceof BitVector) {
        continue;
      }
      long bytes = values * fixed.getTypeWidth();
      long address = fixed.getDataBuffer().memoryAddress();
      if (bytes >= PREFAULT_BYTES
          && fixed.getDataBuffer().capacity() >= bytes
          && address != lastDataAddress[i]) {
        prefaulters.get(i).set(new Prefaulter(address, bytes));
      }
      lastDataAddress[i] = address;
    }
  }

  /** After the batch: no decoding thread may touch its buffers any more. */
  private void stopPrefaulting() {
    for (AtomicReference<Prefaulter> slot : prefaulters) {
      Prefaulter prefaulter = slot.getAndSet(null);
      if (prefaulter != null) {
        prefaulter.finish();
      }
    }
  }

  /** Buffers smaller than this are faulted in by the assembly itself. */
  private static final long PREFAULT_BYTES = 8L << 20;

  private long rowsLeft() {
    return footer.getNum_rows() - rowsRead;
  }

  /** Moves to the next row group with rows, if the current one is used up; false at the end. */
  private boolean nextNonEmptyRowGroup() throws IOException {
    while (rowGroupLeft == 0) {
      for (ColumnChunkReader reader : chunkReaders) {
        bytesRead += reader.bytesRead();
        reader.cancel();
      }
      chunkReaders.clear();
      assemblers.clear();
      if (++rowGroup >= footer.getRow_groupsSize()) {
        return false;
      }
      RowGroup group = footer.getRow_groups().get(rowGroup);
      if (group.getColumnsSize() != schema.leafPaths.size()) {
        throw new ParquetFormatException(
            file,
            "row group "
                + rowGroup
                + " has "
                + group.getColumnsSize()
                + " columns, the schema "
                + schema.leafPaths.size());
      }
      for (int i = 0; i < schema.leafPaths.size(); i++) {
        ColumnNode[] path = schema.leafPaths.get(i);
        ColumnNode.Leaf leaf = (ColumnNode.Leaf) path[path.length - 1];
        ColumnChunk chunk = group.getColumns().get(i);
        if (!chunk.isSetMeta_data()) {
          throw new ParquetFormatException(
              file,
              "column chunk "
                  + i
                  + " of row group "
                  + rowGroup
                  + " has no metadata (external or encrypted chunks are not supported)");
        }
        ColumnChunkReader pages =
            new ColumnChunkReader(
                channel,
                file,
                columnName(path),
                chunk.getMeta_data(),
                schema.leafElements.get(i),
                leaf.def,
                leaf.maxRep,
                pool,
                prefaulters.get(i),
                sparePages.get(i));
        chunkReaders.add(pages);
        assemblers.add(new LeafAssembler(path, new LeafCursor(pages, leaf.def, leaf.maxRep)));
      }
      rowGroupLeft = group.getNum_rows();
    }
    return true;
  }

  private static String columnName(ColumnNode[] path) {
    StringBuilder name = new StringBuilder();
    for (ColumnNode node : path) {
      if (name.length() > 0) {
        name.append('.');
      }
      name.append(node.name);
    }
    return name.toString();
  }

  /** Compressed page bytes read so far. */
  @Override
  public long bytesRead() {
    long total = bytesRead;
    for (ColumnChunkReader reader : chunkReaders) {
      total += reader.bytesRead();
    }
    return total;
  }

  @Override
  protected void closeReadSource() throws IOException {
    for (ColumnChunkReader reader : chunkReaders) {
      reader.cancel();
    }
    if (pool != null) {
      pool.shutdownNow();
    }
    channel.close();
  }
}
