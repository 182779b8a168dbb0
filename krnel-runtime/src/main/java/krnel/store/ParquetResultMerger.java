package krnel.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;

/**
 * Concatenates Parquet parts, each holding a consecutive slice of one result's rows and written by
 * {@link ParquetResultWriter} with the {@linkplain ParquetWriteOptions#defaults() default options},
 * into the file the writer would have made of all the rows at once, byte for byte.
 *
 * <p>Why this works without re-encoding: the writer starts a fresh page at every row group, so a
 * row group's bytes depend only on its own rows; only the footer's offsets depend on where it lies
 * in the file. A row group of the result that is a whole row group of one part (a part starting on
 * a multiple of {@link ParquetWriteOptions#rowGroupRows()} rows) is copied as it is and its
 * offsets shifted. A row group that spans parts (parts smaller than a row group, as when a few
 * hundred rows are split across tasks) is decoded from the parts and encoded once more, alone, by
 * the same writer, which gives the same bytes. Engines that split rows should therefore cut slices
 * on row-group boundaries when there are enough rows.
 */
public final class ParquetResultMerger {
  private ParquetResultMerger() {}

  /** What a merge did. */
  public record Merged(long rows, int rowGroupsCopied, int rowGroupsReencoded) {}

  /**
   * Writes the concatenation of {@code parts} (in row order, at least one) to {@code out}, replacing
   * it. Every part must have the same Arrow schema.
   */
  public static Merged merge(List<Path> parts, Path out, BufferAllocator allocator) throws IOException {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("merge needs at least one part (an empty result is one part with no rows)");
    }
    ParquetWriteOptions options = ParquetWriteOptions.defaults();
    int groupRows = options.rowGroupRows();
    List<FileMetaData> footers = new ArrayList<>();
    long[] starts = new long[parts.size() + 1];
    for (int i = 0; i < parts.size(); i++) {
      try (FileChannel channel = FileChannel.open(parts.get(i), StandardOpenOption.READ)) {
        FileMetaData footer = ParquetFooter.read(channel, parts.get(i));
        if (i > 0 && !sameSchema(footers.get(0), footer)) {
          throw new IOException("Part " + parts.get(i) + " has another schema than " + parts.get(0)
              + ": the parts of one result must come from the same implementation");
        }
        footers.add(footer);
        starts[i + 1] = starts[i] + footer.getNum_rows();
      }
    }
    long total = starts[parts.size()];
    List<RowGroup> groups = new ArrayList<>();
    int copied = 0;
    int reencoded = 0;
    Path scratch = out.resolveSibling("." + out.getFileName() + ".group-" + java.util.UUID.randomUUID());
    try (FileChannel output = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
        RowCursor cursor = new RowCursor(parts, starts, allocator)) {
      writeFully(output, ByteBuffer.wrap(ParquetResultWriter.MAGIC));
      for (long first = 0; first < total; first += groupRows) {
        long end = Math.min(total, first + groupRows);
        int part = partOf(starts, first);
        long inPart = first - starts[part];
        RowGroup group;
        if (inPart % groupRows == 0 && end <= starts[part + 1]) {
          group = footers.get(part).getRow_groups().get((int) (inPart / groupRows)).deepCopy();
          appendGroup(parts.get(part), group, output);
          copied++;
        } else {
          try (ParquetResultWriter writer = ParquetResultWriter.open(scratch, cursor.schema(), options)) {
            cursor.copy(first, end, writer);
          }
          FileMetaData alone;
          try (FileChannel channel = FileChannel.open(scratch, StandardOpenOption.READ)) {
            alone = ParquetFooter.read(channel, scratch);
          }
          group = alone.getRow_groups().get(0);
          appendGroup(scratch, group, output);
          reencoded++;
        }
        if (groups.size() <= Short.MAX_VALUE) {
          group.setOrdinal((short) groups.size());
        } else {
          group.unsetOrdinal();
        }
        groups.add(group);
      }
      FileMetaData footer = footers.get(0).deepCopy();
      footer.setNum_rows(total);
      footer.setRow_groups(groups);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      Util.writeFileMetaData(footer, bytes);
      writeFully(output, ByteBuffer.wrap(bytes.toByteArray()));
      writeFully(output, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, bytes.size()));
      writeFully(output, ByteBuffer.wrap(ParquetResultWriter.MAGIC));
    } finally {
      Files.deleteIfExists(scratch);
    }
    return new Merged(total, copied, reencoded);
  }

  private static boolean sameSchema(FileMetaData a, FileMetaData b) {
    return a.getSchema().equals(b.getSchema()) && java.util.Objects.equals(a.getKey_value_metadata(), b.getKey_value_metadata());
  }

  private static int partOf(long[] starts, long row) {
    int part = 0;
    while (starts[part + 1] <= row) {
      part++;
    }
    return part;
  }

  /** Copies {@code group}'s bytes from {@code source} to the end of {@code output} and points its offsets there. */
  private static void appendGroup(Path source, RowGroup group, FileChannel output) throws IOException {
    long from = group.getFile_offset();
    long length = group.getTotal_compressed_size();
    long delta = output.position() - from;
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
      long done = 0;
      while (done < length) {
        long n = in.transferTo(from + done, length - done, output);
        if (n <= 0) {
          throw new ParquetFormatException(source, "truncated: row group at " + from + " ends before its " + length + " bytes");
        }
        done += n;
      }
    }
    group.setFile_offset(group.getFile_offset() + delta);
    for (ColumnChunk chunk : group.getColumns()) {
      chunk.setFile_offset(chunk.getFile_offset() + delta);
      chunk.getMeta_data().setData_page_offset(chunk.getMeta_data().getData_page_offset() + delta);
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }

  /** Reads the parts' rows forward, in order, a batch at a time. */
  private static final class RowCursor implements AutoCloseable {
    private final List<Path> parts;
    private final long[] starts;
    private final BufferAllocator allocator;
    private int part = -1;
    private ParquetResultReader reader;
    private long batchStart; // the global row of the current batch's first row
    private int batchRows;

    RowCursor(List<Path> parts, long[] starts, BufferAllocator allocator) {
      this.parts = parts;
      this.starts = starts;
      this.allocator = allocator;
    }

    org.apache.arrow.vector.types.pojo.Schema schema() throws IOException {
      if (reader == null) {
        open(0);
      }
      return reader.getVectorSchemaRoot().getSchema();
    }

    /** Writes rows {@code [from, to)} to {@code writer}; calls go forward only. */
    void copy(long from, long to, ParquetResultWriter writer) throws IOException {
      long row = from;
      while (row < to) {
        if (reader == null || row >= batchStart + batchRows) {
          next(row);
        }
        int offset = (int) (row - batchStart);
        int take = (int) Math.min(to - row, batchRows - offset);
        VectorSchemaRoot batch = reader.getVectorSchemaRoot();
        if (offset == 0 && take == batchRows) {
          writer.write(batch);
        } else {
          try (VectorSchemaRoot slice = sameSchema(batch, batch.slice(offset, take))) {
            writer.write(slice);
          }
        }
        row += take;
      }
    }

    /** {@code slice} under {@code batch}'s schema: Arrow names a sliced list's child {@code $data$}, not as the file does. */
    private static VectorSchemaRoot sameSchema(VectorSchemaRoot batch, VectorSchemaRoot slice) {
      return new VectorSchemaRoot(batch.getSchema(), slice.getFieldVectors(), slice.getRowCount());
    }

    /** Moves to the batch holding {@code row}. */
    private void next(long row) throws IOException {
      while (true) {
        if (reader != null && row < batchStart + batchRows) {
          return;
        }
        if (reader != null && row < starts[part + 1]) {
          batchStart += batchRows;
          if (!reader.loadNextBatch()) {
            throw new ParquetFormatException(parts.get(part), "ends before the " + (starts[part + 1] - starts[part]) + " rows its footer counts");
          }
          batchRows = reader.getVectorSchemaRoot().getRowCount();
          continue;
        }
        open(partOf(starts, row));
      }
    }

    private void open(int index) throws IOException {
      if (reader != null) {
        reader.close();
      }
      part = index;
      reader = ParquetResultReader.open(parts.get(index), allocator);
      batchStart = starts[index];
      batchRows = 0;
    }

    @Override
    public void close() throws IOException {
      if (reader != null) {
        reader.close();
      }
    }
  }
}
