package krnel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.Encoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The split layout against its definition, and the option that turns it off. */
class ByteStreamSplitTest {
  @TempDir Path dir;

  @Test
  void encodeAndDecodeFollowTheDefinitionAcrossBlocks() {
    ByteStreamSplit split = new ByteStreamSplit();
    Random random = new Random(5);
    for (int width : new int[] {4, 8, 2, 12}) {
      for (int count : new int[] {0, 1, 7, (1 << 14) - 1, 1 << 14, (1 << 14) * 2 + 3}) {
        byte[] plain = new byte[count * width];
        random.nextBytes(plain);
        ByteBuffer out = ByteBuffer.allocateDirect(plain.length + 5);
        out.position(5); // appends after what is there
        ByteBuffer in = ByteBuffer.allocateDirect(plain.length + 3);
        in.position(3);
        in.put(plain).position(3);
        split.encode(in, width, out);
        assertEquals(5 + plain.length, out.position());
        for (int i = 0; i < count; i++) {
          for (int b = 0; b < width; b++) {
            assertEquals(plain[i * width + b], out.get(5 + b * count + i), "w" + width + " n" + count);
          }
        }
        ByteBuffer back = ByteBuffer.allocateDirect(plain.length + 2);
        back.position(2);
        split.decode(out.duplicate().position(5), count, width, back);
        assertEquals(2 + plain.length, back.position());
        byte[] decoded = new byte[plain.length];
        back.position(2).get(decoded);
        assertEquals(ByteBuffer.wrap(plain), ByteBuffer.wrap(decoded), "w" + width + " n" + count);
      }
    }
  }

  @Test
  void aPageTooShortForItsValuesIsRefused() {
    ByteStreamSplit split = new ByteStreamSplit();
    ByteBuffer page = ByteBuffer.allocate(11);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> split.decode(page, 3, 4, ByteBuffer.allocate(12)));
    assertEquals(
        "a BYTE_STREAM_SPLIT page of 11 bytes cannot hold 3 values of 4 bytes", e.getMessage());
  }

  @Test
  void plainFloatsOnRequestAsTheIssue3StoreWroteThem() throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot table = TestTables.vectors(allocator, 50, 16, 3)) {
      for (boolean splitFloats : new boolean[] {true, false}) {
        Path file = dir.resolve("v-" + splitFloats + ".parquet");
        ParquetResults.write(
            file, table, ParquetWriteOptions.defaults().withByteStreamSplitFloats(splitFloats));
        ColumnMetaData column =
            FooterInspection.footer(file).getRow_groups().get(0).getColumns().get(0).getMeta_data();
        Encoding values = splitFloats ? Encoding.BYTE_STREAM_SPLIT : Encoding.PLAIN;
        assertEquals(List.of(values, Encoding.RLE), column.getEncodings());
        assertEquals(
            values,
            FooterInspection.pageHeader(file, column.getData_page_offset(), new long[1])
                .getData_page_header()
                .getEncoding());
        try (VectorSchemaRoot back = ParquetResults.read(file, allocator)) {
          for (int r = 0; r < 50; r++) {
            assertEquals(table.getVector(0).getObject(r), back.getVector(0).getObject(r));
          }
        }
      }
    }
  }
}
