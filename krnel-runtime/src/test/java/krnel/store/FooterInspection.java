package krnel.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.Util;

/** Reads and rewrites Parquet footers and page headers the way an independent tool would. */
final class FooterInspection {
  private FooterInspection() {}

  static FileMetaData footer(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return ParquetFooter.read(channel, file);
    }
  }

  /** The header of the page at {@code offset}, and the offset of its body in {@code bodyAt[0]}. */
  static PageHeader pageHeader(Path file, long offset, long[] bodyAt) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteArrayInputStream in =
        new ByteArrayInputStream(bytes, (int) offset, bytes.length - (int) offset);
    PageHeader header = Util.readPageHeader(in);
    bodyAt[0] = bytes.length - in.available();
    return header;
  }

  /** Writes {@code to}: the data of {@code from} with {@code footer} in place of its own. */
  static void replaceFooter(Path from, Path to, FileMetaData footer) throws IOException {
    byte[] bytes = Files.readAllBytes(from);
    int oldLength =
        ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(Arrays.copyOf(bytes, bytes.length - 8 - oldLength));
    ByteArrayOutputStream encoded = new ByteArrayOutputStream();
    Util.writeFileMetaData(footer, encoded);
    out.write(encoded.toByteArray());
    out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(encoded.size()).array());
    out.write(ParquetResultWriter.MAGIC);
    Files.write(to, out.toByteArray());
  }
}
