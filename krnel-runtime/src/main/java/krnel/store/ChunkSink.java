package krnel.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the pages of one column chunk go, with the chunk's sizes for the footer. A Parquet row
 * group stores its column chunks one after the other, so only one column can stream to the file
 * while the row group is built: the first leaf (the vector, in a one-column result) goes straight
 * to the file, the others are held in memory until the row group ends.
 */
abstract class ChunkSink {
  long compressedBytes;
  long uncompressedBytes;

  final void write(byte[] header, ByteBuffer body, int uncompressedBodySize) throws IOException {
    writeBytes(ByteBuffer.wrap(header));
    int bodySize = body.remaining();
    writeBytes(body);
    compressedBytes += header.length + bodySize;
    uncompressedBytes += header.length + uncompressedBodySize;
  }

  abstract void writeBytes(ByteBuffer bytes) throws IOException;

  void reset() {
    compressedBytes = 0;
    uncompressedBytes = 0;
  }

  /** Writes through to the file at its current position. */
  static final class ToFile extends ChunkSink {
    private final FileChannel channel;
    private final SyncBehind sync;

    /** {@code sync} may be null: nothing is forced then. */
    ToFile(FileChannel channel, SyncBehind sync) {
      this.channel = channel;
      this.sync = sync;
    }

    @Override
    void writeBytes(ByteBuffer bytes) throws IOException {
      int size = bytes.remaining();
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      if (sync != null) {
        sync.wrote(size);
      }
    }
  }

  /** Holds the chunk on the heap, in blocks, until {@link #transferTo} appends it to the file. */
  static final class InMemory extends ChunkSink {
    private static final int BLOCK = 1 << 20;
    private final List<byte[]> blocks = new ArrayList<>();
    private int lastUsed = BLOCK;

    @Override
    void writeBytes(ByteBuffer bytes) {
      while (bytes.hasRemaining()) {
        if (lastUsed == BLOCK) {
          blocks.add(new byte[BLOCK]);
          lastUsed = 0;
        }
        int n = Math.min(bytes.remaining(), BLOCK - lastUsed);
        bytes.get(blocks.get(blocks.size() - 1), lastUsed, n);
        lastUsed += n;
      }
    }

    void transferTo(FileChannel channel) throws IOException {
      for (int i = 0; i < blocks.size(); i++) {
        ByteBuffer block =
            ByteBuffer.wrap(blocks.get(i), 0, i == blocks.size() - 1 ? lastUsed : BLOCK);
        while (block.hasRemaining()) {
          channel.write(block);
        }
      }
      blocks.clear();
      lastUsed = BLOCK;
    }
  }
}
