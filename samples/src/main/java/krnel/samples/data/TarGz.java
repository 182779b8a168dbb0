package krnel.samples.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Reads the regular files of a {@code .tar.gz} (ustar, as {@code npm pack} writes), in archive order. */
final class TarGz {
  private static final int BLOCK = 512;

  /** Receives one file of the archive. */
  interface FileSink {
    void accept(String path, byte[] content) throws IOException;
  }

  private TarGz() {}

  static void forEachFile(Path archive, FileSink sink) throws IOException {
    try (InputStream raw = Files.newInputStream(archive);
        DataInputStream in = new DataInputStream(new GZIPInputStream(new BufferedInputStream(raw), 1 << 16))) {
      byte[] header = new byte[BLOCK];
      while (true) {
        try {
          in.readFully(header);
        } catch (EOFException end) {
          return; // some writers omit the two zero blocks that end an archive
        }
        if (isZero(header)) {
          return;
        }
        String octalSize = field(header, 124, 12).strip();
        long size = octalSize.isEmpty() ? 0 : Long.parseLong(octalSize, 8);
        byte type = header[156];
        byte[] content = new byte[Math.toIntExact(size)];
        in.readFully(content);
        in.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
        if (type == '0' || type == 0) {
          String prefix = field(header, 257, 6).startsWith("ustar") ? field(header, 345, 155) : "";
          String name = field(header, 0, 100);
          sink.accept(prefix.isEmpty() ? name : prefix + "/" + name, content);
        }
      }
    } catch (NumberFormatException e) {
      throw new IOException(archive + ": not a tar archive (bad size field)", e);
    }
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
