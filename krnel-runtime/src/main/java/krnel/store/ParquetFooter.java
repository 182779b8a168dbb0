package krnel.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Util;

/**
 * Reads the footer of a Parquet file: {@code PAR1}, the data, the Thrift footer, its length, {@code
 * PAR1}.
 */
final class ParquetFooter {
  private ParquetFooter() {}

  static FileMetaData read(FileChannel channel, Path file) throws IOException {
    long size = channel.size();
    if (size < 12) {
      throw new ParquetFormatException(file, "not a Parquet file: only " + size + " bytes");
    }
    ByteBuffer head = ByteBuffer.allocate(4);
    readFully(channel, head, 0, file);
    ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(channel, tail, size - 8, file);
    byte[] magic = Arrays.copyOfRange(tail.array(), 4, 8);
    if (Arrays.equals(magic, "PARE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
      throw new ParquetFormatException(file, "the file is encrypted, which is not supported");
    }
    if (!Arrays.equals(magic, ParquetResultWriter.MAGIC)
        || !Arrays.equals(head.array(), ParquetResultWriter.MAGIC)) {
      throw new ParquetFormatException(file, "not a Parquet file: no PAR1 magic at both ends");
    }
    int length = tail.getInt(0);
    if (length <= 0 || length > size - 12) {
      throw new ParquetFormatException(
          file, "footer length " + length + " does not fit a file of " + size + " bytes");
    }
    ByteBuffer footer = ByteBuffer.allocate(length);
    readFully(channel, footer, size - 8 - length, file);
    try {
      return Util.readFileMetaData(new ByteArrayInputStream(footer.array()));
    } catch (IOException | RuntimeException e) {
      throw new ParquetFormatException(file, "unreadable footer: " + e.getMessage(), e);
    }
  }

  static void readFully(FileChannel channel, ByteBuffer into, long position, Path file)
      throws IOException {
    long at = position;
    while (into.hasRemaining()) {
      int n = channel.read(into, at);
      if (n < 0) {
        throw new ParquetFormatException(
            file,
            "truncated: the file ends at " + at + " inside data that the footer places there");
      }
      at += n;
    }
    into.flip();
  }
}
