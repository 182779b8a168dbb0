package krnel.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;

/** Tables sent between the driver and the executors, as Arrow IPC streams of one batch. */
final class ArrowBytes {
  private ArrowBytes() {}

  /** Rows {@code [from, to)} of {@code table} under its own schema (Arrow renames a slice's list children). */
  static byte[] write(VectorSchemaRoot table, long from, long to) {
    try (VectorSchemaRoot slice = table.slice((int) from, (int) (to - from));
        VectorSchemaRoot rows = new VectorSchemaRoot(table.getSchema(), slice.getFieldVectors(), slice.getRowCount())) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ArrowStreamWriter writer = new ArrowStreamWriter(rows, null, Channels.newChannel(out))) {
        writer.start();
        writer.writeBatch();
        writer.end();
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] write(VectorSchemaRoot table) {
    return write(table, 0, table.getRowCount());
  }

  /** The table in {@code bytes}, owned by the caller. */
  static VectorSchemaRoot read(byte[] bytes, BufferAllocator allocator) {
    try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(bytes), allocator)) {
      VectorSchemaRoot batch = reader.getVectorSchemaRoot();
      if (!reader.loadNextBatch()) {
        batch.setRowCount(0);
      }
      List<FieldVector> vectors = new ArrayList<>();
      for (FieldVector vector : batch.getFieldVectors()) {
        var transfer = vector.getTransferPair(allocator);
        transfer.transfer();
        vectors.add((FieldVector) transfer.getTo());
      }
      return new VectorSchemaRoot(batch.getSchema(), vectors, batch.getRowCount());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
