package krnel.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Type;

/**
 * Decodes the pages of one column: v1 and v2 data pages into levels and values in PLAIN layout,
 * rewriting dictionary (what pyarrow writes first), RLE boolean, BYTE_STREAM_SPLIT and DELTA values
 * into PLAIN. Holds no mutable state, so pages of one column decode on several threads at once.
 */
final class PageDecoder {
  /** A decoded dictionary page: PLAIN values, and for byte arrays where each entry starts. */
  record Dictionary(ByteBuffer values, int[] offsets) {}

  private final CompressionCodec codec;
  private final SchemaElement element;
  private final int maxDef;
  private final int maxRep;

  PageDecoder(CompressionCodec codec, SchemaElement element, int maxDef, int maxRep) {
    this.codec = codec;
    this.element = element;
    this.maxDef = maxDef;
    this.maxRep = maxRep;
  }

  Dictionary dictionary(PageHeader header, ByteBuffer body) throws IOException {
    int count = header.getDictionary_page_header().getNum_values();
    ByteBuffer bytes = PageCodec.decompress(codec, body, header.getUncompressed_page_size(), null);
    ByteBuffer copy = ByteBuffer.allocateDirect(bytes.remaining()).order(ByteOrder.LITTLE_ENDIAN);
    copy.put(bytes.duplicate()).flip();
    if (element.getType() == Type.BOOLEAN) {
      throw new IllegalStateException("a dictionary page for a BOOLEAN column");
    }
    if (element.getType() != Type.BYTE_ARRAY) {
      return new Dictionary(copy, null);
    }
    int[] offsets = new int[count + 1];
    int at = 0;
    for (int i = 0; i < count; i++) {
      offsets[i] = at;
      at += 4 + copy.getInt(at);
      if (at > copy.limit()) {
        throw new IllegalStateException("the dictionary page ends inside entry " + i);
      }
    }
    offsets[count] = at;
    return new Dictionary(copy, offsets);
  }

  /** Decodes the data page whose body is in {@code page.compressed} into {@code page}. */
  void decode(PageHeader header, Dictionary dictionary, DecodedPage page) throws IOException {
    switch (header.getType()) {
      case DATA_PAGE -> decodeV1(header, dictionary, page);
      case DATA_PAGE_V2 -> decodeV2(header, dictionary, page);
      default -> throw new IllegalStateException("not a data page: " + header.getType());
    }
  }

  private ByteBuffer decompress(DecodedPage page, ByteBuffer in, int size) throws IOException {
    ByteBuffer out = PageCodec.decompress(codec, in, size, page.decompressed);
    if (out.isDirect() && out != in && codec != CompressionCodec.UNCOMPRESSED) {
      page.decompressed = out;
    }
    return out;
  }

  private void decodeV1(PageHeader header, Dictionary dictionary, DecodedPage page)
      throws IOException {
    DataPageHeader v1 = header.getData_page_header();
    ByteBuffer bytes = decompress(page, page.compressed, header.getUncompressed_page_size());
    int count = v1.getNum_values();
    prepare(page, count);
    if (maxRep > 0) {
      repetitionLevels(levelBytes(bytes, v1.getRepetition_level_encoding(), -1), page);
    }
    if (maxDef > 0) {
      definitionLevels(levelBytes(bytes, v1.getDefinition_level_encoding(), -1), page);
    }
    ByteBuffer values = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
    page.values = values(v1.getEncoding(), values, nonNull(page), dictionary, page);
  }

  private void decodeV2(PageHeader header, Dictionary dictionary, DecodedPage page)
      throws IOException {
    DataPageHeaderV2 v2 = header.getData_page_header_v2();
    int count = v2.getNum_values();
    prepare(page, count);
    ByteBuffer raw = page.compressed.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int repLength = v2.getRepetition_levels_byte_length();
    int defLength = v2.getDefinition_levels_byte_length();
    ByteBuffer repBytes = levelBytes(raw, Encoding.RLE, repLength);
    ByteBuffer defBytes = levelBytes(raw, Encoding.RLE, defLength);
    if (maxRep > 0) {
      repetitionLevels(repBytes, page);
    }
    if (maxDef > 0) {
      definitionLevels(defBytes, page);
    }
    boolean compressedValues = !v2.isSetIs_compressed() || v2.isIs_compressed();
    int valuesSize = header.getUncompressed_page_size() - repLength - defLength;
    ByteBuffer values =
        compressedValues
            ? decompress(page, raw.slice(), valuesSize)
            : raw.slice().order(ByteOrder.LITTLE_ENDIAN);
    page.values = values(v2.getEncoding(), values, nonNull(page), dictionary, page);
  }

  private void prepare(DecodedPage page, int count) {
    page.count = count;
    page.allPresent = maxDef == 0;
    page.rowStartCount = 0;
    if (maxRep > 1 && page.rep.length < count) {
      page.rep = new int[count];
    }
    if (maxRep == 1 && page.rowStarts.length < count) {
      page.rowStarts = new int[count];
    }
  }

  /** The RLE levels at {@code in}'s position; v1 prefixes them with their length, v2 gives it. */
  private static ByteBuffer levelBytes(ByteBuffer in, Encoding encoding, int length) {
    if (encoding != Encoding.RLE) {
      throw new UnsupportedOperationException(
          "levels encoded as " + encoding + " are not supported");
    }
    if (length < 0) {
      length = in.getInt();
    }
    ByteBuffer levels = in.slice(in.position(), length).order(ByteOrder.LITTLE_ENDIAN);
    in.position(in.position() + length);
    return levels;
  }

  /**
   * With one level of lists only where rows start matters, so the levels are not materialized: a
   * vector page's 262,144 levels become a few hundred row starts.
   */
  private void repetitionLevels(ByteBuffer levels, DecodedPage page) {
    if (maxRep == 1) {
      page.rowStartCount = RleDecoder.zeroPositions(levels, 1, page.count, page.rowStarts);
    } else {
      RleDecoder.decode(levels, LeafWriter.bitWidth(maxRep), page.rep, page.count);
    }
  }

  /** Definition levels that are one run of the maximum (no nulls at all) are not materialized. */
  private void definitionLevels(ByteBuffer levels, DecodedPage page) {
    int width = LeafWriter.bitWidth(maxDef);
    if (RleDecoder.isRunOf(levels, width, page.count, maxDef)) {
      page.allPresent = true;
      return;
    }
    if (page.def.length < page.count) {
      page.def = new int[page.count];
    }
    RleDecoder.decode(levels, width, page.def, page.count);
  }

  /** The number of values (entries at the maximum definition level). */
  private int nonNull(DecodedPage page) {
    if (page.allPresent) {
      return page.count;
    }
    int n = 0;
    int[] def = page.def;
    for (int i = 0; i < page.count; i++) {
      if (def[i] == maxDef) {
        n++;
      }
    }
    page.allPresent = n == page.count;
    return n;
  }

  private PlainValues values(
      Encoding encoding, ByteBuffer data, int count, Dictionary dictionary, DecodedPage page) {
    switch (encoding) {
      case PLAIN:
        return new PlainValues(data);
      case PLAIN_DICTIONARY:
      case RLE_DICTIONARY:
        return fromDictionary(data, count, dictionary, page);
      case RLE:
        if (element.getType() != Type.BOOLEAN) {
          throw new UnsupportedOperationException(
              "RLE values for a " + element.getType() + " column");
        }
        return fromRleBooleans(data, count, page);
      case BYTE_STREAM_SPLIT:
        return fromByteStreamSplit(data, count, page);
      case DELTA_BINARY_PACKED:
        return fromDeltaIntegers(data, count, page);
      case DELTA_LENGTH_BYTE_ARRAY:
      case DELTA_BYTE_ARRAY:
        {
          PageBuffer plain = new PageBuffer(data.remaining() + 4 * count + 16);
          if (encoding == Encoding.DELTA_LENGTH_BYTE_ARRAY) {
            DeltaDecoder.lengthByteArray(data, count, plain);
          } else {
            DeltaDecoder.byteArray(data, count, plain);
          }
          return new PlainValues(plain.contents());
        }
      default:
        throw new UnsupportedOperationException(
            "values encoded as "
                + encoding
                + " are not supported (PLAIN, dictionary, RLE booleans,"
                + " BYTE_STREAM_SPLIT and the DELTA encodings are)");
    }
  }

  private static int[] indices(DecodedPage page, int count) {
    if (page.indices.length < count) {
      page.indices = new int[count];
    }
    return page.indices;
  }

  private PlainValues fromDictionary(
      ByteBuffer data, int count, Dictionary dictionary, DecodedPage page) {
    if (dictionary == null) {
      throw new IllegalStateException("a dictionary-encoded page without a dictionary page");
    }
    int[] ids = indices(page, count);
    if (count > 0) {
      int bitWidth = data.get() & 0xFF;
      RleDecoder.decode(data, bitWidth, ids, count);
    }
    ByteBuffer source = dictionary.values();
    int[] offsets = dictionary.offsets();
    ByteBuffer plain;
    if (offsets != null) {
      int bytes = 0;
      for (int i = 0; i < count; i++) {
        int id = ids[i];
        if (id < 0 || id + 1 >= offsets.length) {
          throw new IllegalStateException("dictionary index " + id + " of " + (offsets.length - 1));
        }
        bytes += offsets[id + 1] - offsets[id];
      }
      plain = DecodedPage.capacity(page.plain, bytes);
      for (int i = 0; i < count; i++) {
        int from = offsets[ids[i]];
        plain.put(source.slice(from, offsets[ids[i] + 1] - from));
      }
    } else {
      int width = width();
      int entries = source.limit() / width;
      plain = DecodedPage.capacity(page.plain, Math.multiplyExact(count, width));
      for (int i = 0; i < count; i++) {
        int id = ids[i];
        if (id < 0 || id >= entries) {
          throw new IllegalStateException("dictionary index " + id + " of " + entries);
        }
        plain.put(source.slice(id * width, width));
      }
    }
    page.plain = plain;
    plain.flip();
    return new PlainValues(plain);
  }

  private PlainValues fromRleBooleans(ByteBuffer data, int count, DecodedPage page) {
    int length = data.getInt();
    int[] bits = indices(page, count);
    RleDecoder.decode(
        data.slice(data.position(), length).order(ByteOrder.LITTLE_ENDIAN), 1, bits, count);
    ByteBuffer plain = DecodedPage.capacity(page.plain, (count + 7) / 8);
    for (int i = 0; i < count; i += 8) {
      int b = 0;
      for (int j = 0; j < 8 && i + j < count; j++) {
        b |= (bits[i + j] & 1) << j;
      }
      plain.put((byte) b);
    }
    page.plain = plain;
    plain.flip();
    return new PlainValues(plain);
  }

  private PlainValues fromDeltaIntegers(ByteBuffer data, int count, DecodedPage page) {
    long[] values = DeltaDecoder.binaryPacked(data, count);
    boolean int32 = element.getType() == Type.INT32;
    if (!int32 && element.getType() != Type.INT64) {
      throw new UnsupportedOperationException(
          "DELTA_BINARY_PACKED values for a " + element.getType() + " column");
    }
    ByteBuffer plain = DecodedPage.capacity(page.plain, count * (int32 ? 4 : 8));
    for (int i = 0; i < count; i++) {
      if (int32) {
        plain.putInt((int) values[i]);
      } else {
        plain.putLong(values[i]);
      }
    }
    page.plain = plain;
    plain.flip();
    return new PlainValues(plain);
  }

  private PlainValues fromByteStreamSplit(ByteBuffer data, int count, DecodedPage page) {
    int width = width();
    ByteBuffer plain = DecodedPage.capacity(page.plain, Math.multiplyExact(count, width));
    if (page.split == null) {
      page.split = new ByteStreamSplit();
    }
    page.split.decode(data, count, width, plain);
    page.plain = plain;
    plain.flip();
    return new PlainValues(plain);
  }

  private int width() {
    return switch (element.getType()) {
      case INT32, FLOAT -> 4;
      case INT64, DOUBLE -> 8;
      case INT96 -> 12;
      case FIXED_LEN_BYTE_ARRAY -> element.getType_length();
      default -> throw new UnsupportedOperationException("no fixed width for " + element.getType());
    };
  }
}
