package krnel.store;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.format.CompressionCodec;

/**
 * Decompresses pages: ZSTD (the store's codec) through zstd-jni straight between direct buffers,
 * SNAPPY and GZIP (common in users' files) in pure Java, UNCOMPRESSED as it is. Stateless, so page
 * decoders on several threads share it.
 */
final class PageCodec {
  private PageCodec() {}

  /**
   * The {@code size} decompressed bytes of {@code in} (position to limit), little-endian: in {@code
   * reuse} when it is a direct buffer large enough, else in a new one; a view of {@code in} itself
   * when the page is uncompressed.
   */
  static ByteBuffer decompress(CompressionCodec codec, ByteBuffer in, int size, ByteBuffer reuse)
      throws IOException {
    switch (codec) {
      case UNCOMPRESSED:
        if (in.remaining() != size) {
          throw new IllegalStateException(
              "an uncompressed page of " + in.remaining() + " bytes, the header says " + size);
        }
        return in.slice().order(ByteOrder.LITTLE_ENDIAN);
      case ZSTD:
        {
          ByteBuffer target = output(reuse, size);
          ByteBuffer src = in.isDirect() ? in : copyToDirect(in);
          long n =
              Zstd.decompressDirectByteBuffer(
                  target, 0, size, src, src.position(), src.remaining());
          if (Zstd.isError(n)) {
            throw new IllegalStateException("zstd: " + Zstd.getErrorName(n));
          }
          if (n != size) {
            throw new IllegalStateException("zstd gave " + n + " bytes, the header says " + size);
          }
          target.position(0).limit(size);
          return target;
        }
      case SNAPPY:
        return Snappy.decompress(in, size).order(ByteOrder.LITTLE_ENDIAN);
      case GZIP:
        {
          byte[] bytes = new byte[in.remaining()];
          in.duplicate().get(bytes);
          byte[] result = new byte[size];
          try (InputStream gzip = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            int at = 0;
            while (at < size) {
              int n = gzip.read(result, at, size - at);
              if (n < 0) {
                throw new IllegalStateException(
                    "gzip gave " + at + " bytes, the header says " + size);
              }
              at += n;
            }
          }
          return ByteBuffer.wrap(result).order(ByteOrder.LITTLE_ENDIAN);
        }
      default:
        throw new UnsupportedOperationException(
            "pages compressed with "
                + codec
                + " are not supported (ZSTD, SNAPPY, GZIP and"
                + " UNCOMPRESSED are)");
    }
  }

  private static ByteBuffer output(ByteBuffer reuse, int size) {
    ByteBuffer out = reuse;
    if (out == null || !out.isDirect() || out.capacity() < size) {
      out = ByteBuffer.allocateDirect(Math.max(size, out == null ? 0 : out.capacity() * 2));
    }
    out.clear();
    return out.order(ByteOrder.LITTLE_ENDIAN);
  }

  private static ByteBuffer copyToDirect(ByteBuffer in) {
    ByteBuffer direct = ByteBuffer.allocateDirect(in.remaining());
    direct.put(in.duplicate()).flip();
    return direct;
  }
}
