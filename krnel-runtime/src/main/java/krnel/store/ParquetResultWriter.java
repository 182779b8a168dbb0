package krnel.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.KeyValue;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;

/**
 * Writes Arrow batches to one Parquet file, streaming: batches of any size are appended, row groups
 * of {@link ParquetWriteOptions#rowGroupRows()} rows are cut across batch boundaries, and memory
 * stays at a few pages plus, for tables of more than one leaf column, one row group of the columns
 * after the first. The file's layout is the reference's (zstd level 3, row groups of 65,535 rows,
 * v1 data pages, PLAIN values, RLE levels), but for floats, BYTE_STREAM_SPLIT at zstd level 1 by
 * default (see {@link ParquetWriteOptions}), and its footer carries the Arrow schema under {@code
 * ARROW:schema}, so pyarrow reads fixed-size lists back as fixed-size lists.
 *
 * <p>The file is written in place at the path given and closed, not forced to disk: making it
 * appear atomically, and durably, is the store's job. After a failed {@link #write}, {@link #close}
 * releases everything without writing a footer. Not thread-safe.
 */
public final class ParquetResultWriter implements AutoCloseable {
  static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
  static final String CREATED_BY = "krnel-java version 0.1.0 (krnel.store)";

  private final Path file;
  private final ParquetWriteOptions options;
  private final WriteSchema schema;
  private final FileChannel channel;
  private final BufferPool buffers;
  private final PageCompressor compressor;
  private final SyncBehind sync;
  private final List<LeafWriter> leaves = new ArrayList<>();
  private final List<RowGroup> rowGroups = new ArrayList<>();
  private long rowGroupStart;
  private int rowGroupRows;
  private long rows;
  private boolean failed;
  private boolean closed;

  private ParquetResultWriter(Path file, Schema arrow, ParquetWriteOptions options)
      throws IOException {
    this.file = file;
    this.options = options;
    try {
      for (org.apache.arrow.vector.types.pojo.Field field : arrow.getFields()) {
        ParquetResults.checkNesting(field, "the result");
      }
      this.schema = WriteSchema.of(arrow);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
    this.channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
    this.sync = options.syncBehind() ? new SyncBehind(channel) : null;
    // per page in flight: its levels, values, joined body and compressed body
    this.buffers = new BufferPool(8 * options.compressionThreads() + 12);
    this.compressor = new PageCompressor(options, buffers);
    try {
      writeFully(ByteBuffer.wrap(MAGIC));
      rowGroupStart = channel.position();
      for (ColumnNode[] path : schema.leafPaths) {
        ChunkSink sink =
            leaves.isEmpty() ? new ChunkSink.ToFile(channel, sync) : new ChunkSink.InMemory();
        leaves.add(
            new LeafWriter(
                path, sink, compressor, buffers, options.pageBytes(),
                options.byteStreamSplitFloats()));
      }
    } catch (IOException | RuntimeException e) {
      compressor.close();
      channel.close();
      throw e;
    }
  }

  /** Opens {@code file} for writing with the reference's options; replaces an existing file. */
  public static ParquetResultWriter open(Path file, Schema schema) throws IOException {
    return open(file, schema, ParquetWriteOptions.defaults());
  }

  public static ParquetResultWriter open(Path file, Schema schema, ParquetWriteOptions options)
      throws IOException {
    return new ParquetResultWriter(file, schema, options);
  }

  public Schema schema() {
    return schema.arrow;
  }

  public long rowsWritten() {
    return rows;
  }

  /** Appends every row of {@code batch}, whose schema must be this writer's. */
  public void write(VectorSchemaRoot batch) throws IOException {
    if (closed || failed) {
      throw new IllegalStateException(file + ": the writer is " + (closed ? "closed" : "failed"));
    }
    if (!batch.getSchema().getFields().equals(schema.arrow.getFields())) {
      throw new IllegalArgumentException(
          file
              + ": the batch's schema "
              + batch.getSchema()
              + " is not the writer's "
              + schema.arrow);
    }
    try {
      for (LeafWriter leaf : leaves) {
        leaf.startBatch(batch, topIndex(leaf));
      }
      int count = batch.getRowCount();
      int row = 0;
      while (row < count) {
        int take = Math.min(count - row, options.rowGroupRows() - rowGroupRows);
        for (LeafWriter leaf : leaves) {
          leaf.writeRows(row, row + take);
        }
        row += take;
        rowGroupRows += take;
        rows += take;
        if (rowGroupRows == options.rowGroupRows()) {
          finishRowGroup();
        }
      }
      // pages may borrow the batch's memory (see LeafWriter): none may outlive this call
      for (LeafWriter leaf : leaves) {
        leaf.endBatch();
      }
      compressor.drain();
    } catch (IllegalArgumentException e) {
      failed = true;
      compressor.quiesce();
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      failed = true;
      compressor.quiesce();
      throw new IOException(file + ": writing Parquet failed: " + e.getMessage(), e);
    }
  }

  private int topIndex(LeafWriter leaf) {
    return schema.top.indexOf(topOf(leaf));
  }

  private ColumnNode topOf(LeafWriter leaf) {
    return schema.leafPaths.get(leaf.leaf().column)[0];
  }

  private void finishRowGroup() throws IOException {
    for (LeafWriter leaf : leaves) {
      leaf.finishPage();
    }
    compressor.drain();
    List<ColumnChunk> chunks = new ArrayList<>();
    long uncompressed = 0;
    long compressed = 0;
    for (LeafWriter leaf : leaves) {
      long start = leaf.sink() instanceof ChunkSink.InMemory ? channel.position() : rowGroupStart;
      if (leaf.sink() instanceof ChunkSink.InMemory memory) {
        memory.transferTo(channel);
        if (sync != null) {
          sync.wrote(channel.position() - start);
        }
      }
      ChunkSink sink = leaf.sink();
      ColumnNode.Leaf node = leaf.leaf();
      List<Encoding> encodings =
          node.def > 0 || node.maxRep > 0
              ? List.of(leaf.valueEncoding(), Encoding.RLE)
              : List.of(leaf.valueEncoding());
      ColumnMetaData meta =
          new ColumnMetaData(
              node.type.physical,
              encodings,
              schema.parquetPaths.get(node.column),
              codec(),
              leaf.chunkValues,
              sink.uncompressedBytes,
              sink.compressedBytes,
              start);
      ColumnChunk chunk = new ColumnChunk(start);
      chunk.setMeta_data(meta);
      chunks.add(chunk);
      uncompressed += sink.uncompressedBytes;
      compressed += sink.compressedBytes;
      sink.reset();
      leaf.chunkValues = 0;
    }
    RowGroup group = new RowGroup(chunks, uncompressed, rowGroupRows);
    group.setFile_offset(rowGroupStart);
    group.setTotal_compressed_size(compressed);
    if (rowGroups.size() <= Short.MAX_VALUE) {
      group.setOrdinal((short) rowGroups.size());
    }
    rowGroups.add(group);
    rowGroupStart = channel.position();
    rowGroupRows = 0;
  }

  private CompressionCodec codec() {
    return options.compression() == ParquetWriteOptions.Compression.ZSTD
        ? CompressionCodec.ZSTD
        : CompressionCodec.UNCOMPRESSED;
  }

  private void writeFooter() throws IOException {
    FileMetaData footer = new FileMetaData(2, schema.elements, rows, rowGroups);
    List<KeyValue> metadata = new ArrayList<>();
    Map<String, String> custom = schema.arrow.getCustomMetadata();
    if (custom != null) {
      for (Map.Entry<String, String> entry : custom.entrySet()) {
        if (!entry.getKey().equals(ArrowSchemaMetadata.KEY)) {
          KeyValue kv = new KeyValue(entry.getKey());
          kv.setValue(entry.getValue());
          metadata.add(kv);
        }
      }
    }
    KeyValue arrowSchema = new KeyValue(ArrowSchemaMetadata.KEY);
    arrowSchema.setValue(ArrowSchemaMetadata.encode(schema.arrow));
    metadata.add(arrowSchema);
    footer.setKey_value_metadata(metadata);
    footer.setCreated_by(CREATED_BY);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Util.writeFileMetaData(footer, bytes);
    writeFully(ByteBuffer.wrap(bytes.toByteArray()));
    writeFully(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, bytes.size()));
    writeFully(ByteBuffer.wrap(MAGIC));
  }

  private void writeFully(ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }

  /** Writes the last row group and the footer, then closes the file. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!failed) {
        if (rowGroupRows > 0) {
          finishRowGroup();
        }
        writeFooter();
        if (sync != null) {
          sync.await();
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new IOException(file + ": finishing the Parquet file failed: " + e.getMessage(), e);
    } finally {
      compressor.close();
      if (sync != null) {
        sync.close();
      }
      channel.close();
    }
  }
}
