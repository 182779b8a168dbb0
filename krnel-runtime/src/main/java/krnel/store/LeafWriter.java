package krnel.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.NonNullableStructVector;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.Type;

/**
 * Shreds one leaf column of Arrow batches into Parquet data pages (Dremel: each value, null or
 * empty list becomes a definition and repetition level, plus the value if there is one). A list
 * whose elements are a leaf without nulls, such as a vector row, is shredded in one step: two level
 * runs and one buffer copy. Pages end on row boundaries once they hold {@code pageBytes} of values.
 * FLOAT and DOUBLE values may be written BYTE_STREAM_SPLIT, which {@link PageCompressor} does on
 * its threads.
 *
 * <p>Values whose Arrow bytes are already PLAIN (fixed-width numbers) and follow each other in the
 * batch's memory, as a vector column's rows do, are not copied here at all: the page borrows that
 * memory, and the compression thread reads it once, splitting or compressing it straight into the
 * page body. A borrowed page must be compressed before the batch is released: {@link #endBatch}
 * copies a page still open into the writer's own buffer, and the writer waits for borrowed pages
 * in flight before {@code write} returns.
 */
final class LeafWriter {
  /** Pages also end after this many levels, so that tiny values do not make huge pages. */
  private static final int MAX_PAGE_ENTRIES = 1 << 20;

  private final ColumnNode[] path;
  private final ColumnNode.Leaf leaf;
  private final int repWidth;
  private final int defWidth;
  private final LevelRuns rep = new LevelRuns();
  private final LevelRuns def = new LevelRuns();
  private final PageBuffer values;
  private final PageBuffer levels = new PageBuffer(1024);
  private final PageBuffer scratch = new PageBuffer(1024);
  private final ChunkSink sink;
  private final PageCompressor compressor;
  private final BufferPool buffers;
  private final int pageBytes;
  private final int splitWidth;

  private final ValueVector[] vectors;
  /** The batch memory the open page's values are in, while they are borrowed; null when copied. */
  private ArrowBuf borrowed;
  private long borrowedFrom;
  private long borrowedBytes;
  private boolean leafHasNulls;
  private int entries;
  long chunkValues;

  LeafWriter(
      ColumnNode[] path,
      ChunkSink sink,
      PageCompressor compressor,
      BufferPool buffers,
      int pageBytes,
      boolean byteStreamSplitFloats) {
    this.path = path;
    this.leaf = (ColumnNode.Leaf) path[path.length - 1];
    this.repWidth = bitWidth(leaf.maxRep);
    this.defWidth = bitWidth(leaf.def);
    this.sink = sink;
    this.compressor = compressor;
    this.buffers = buffers;
    this.pageBytes = pageBytes;
    this.values = new PageBuffer(Math.min(pageBytes, 1 << 22) + 1024);
    this.vectors = new ValueVector[path.length];
    this.splitWidth = byteStreamSplitFloats ? splitWidth(leaf.type.physical) : 0;
  }

  /** The value width of the types written BYTE_STREAM_SPLIT, 0 for the others. */
  private static int splitWidth(Type physical) {
    return switch (physical) {
      case FLOAT -> 4;
      case DOUBLE -> 8;
      default -> 0;
    };
  }

  /** How this leaf's data pages encode their values. */
  Encoding valueEncoding() {
    return splitWidth > 0 ? Encoding.BYTE_STREAM_SPLIT : Encoding.PLAIN;
  }

  static int bitWidth(int maxLevel) {
    return 32 - Integer.numberOfLeadingZeros(maxLevel);
  }

  ColumnNode.Leaf leaf() {
    return leaf;
  }

  ChunkSink sink() {
    return sink;
  }

  /** Finds this leaf's vector at every depth of {@code batch}, once per batch. */
  void startBatch(VectorSchemaRoot batch, int topIndex) {
    ValueVector v = batch.getVector(topIndex);
    vectors[0] = v;
    for (int depth = 1; depth < path.length; depth++) {
      if (v instanceof NonNullableStructVector struct) {
        v = struct.getChild(path[depth].name);
      } else if (v instanceof ListVector list) {
        v = list.getDataVector();
      } else if (v instanceof FixedSizeListVector list) {
        v = list.getDataVector();
      } else {
        throw new IllegalArgumentException(
            "column '"
                + path[0].name
                + "' has a "
                + v.getClass().getSimpleName()
                + " where its schema has "
                + path[depth - 1].toField());
      }
      if (v == null) {
        throw new IllegalArgumentException(
            "column '" + path[0].name + "' lacks child '" + path[depth].name + "'");
      }
      vectors[depth] = v;
    }
    leafHasNulls = v.getNullCount() > 0;
    if (leafHasNulls && !leaf.nullable) {
      throw new IllegalArgumentException(
          "column '" + path[0].name + "' has nulls in non-nullable" + " field '" + leaf.name + "'");
    }
  }

  void writeRows(int from, int to) throws IOException {
    for (int row = from; row < to; row++) {
      shred(0, row, 0, 0);
      if (valueBytes() >= pageBytes || entries >= MAX_PAGE_ENTRIES) {
        finishPage();
      }
    }
  }

  private void shred(int depth, int index, int repLevel, int parentDef) {
    ColumnNode node = path[depth];
    ValueVector vector = vectors[depth];
    int d = parentDef;
    if (vector.isNull(index)) {
      if (!node.nullable) {
        throw new IllegalArgumentException(
            "non-nullable field '" + node.name + "' of column '" + path[0].name + "' has a null");
      }
      addNull(repLevel, parentDef);
      return;
    }
    if (node.nullable) {
      d = node.def;
    }
    if (node instanceof ColumnNode.Leaf) {
      addValues(repLevel, 0, d, (FieldVector) vector, index, index + 1);
    } else if (node instanceof ColumnNode.Struct) {
      shred(depth + 1, index, repLevel, d);
    } else {
      ColumnNode.ListNode list = (ColumnNode.ListNode) node;
      int start;
      int end;
      if (vector instanceof ListVector variable) {
        start = variable.getOffsetBuffer().getInt(4L * index);
        end = variable.getOffsetBuffer().getInt(4L * index + 4);
      } else {
        start = index * list.fixedSize;
        end = start + list.fixedSize;
      }
      if (start == end) {
        addNull(repLevel, d);
        return;
      }
      if (depth + 1 == path.length - 1 && !leafHasNulls) {
        addValues(
            repLevel, list.elementRep, leaf.def, (FieldVector) vectors[depth + 1], start, end);
        return;
      }
      for (int i = start; i < end; i++) {
        shred(depth + 1, i, i == start ? repLevel : list.elementRep, list.elementDef);
      }
    }
  }

  private void addNull(int repLevel, int defLevel) {
    rep.add(repLevel, 1);
    def.add(defLevel, 1);
    entries++;
  }

  private void addValues(
      int firstRep, int nextRep, int defLevel, FieldVector v, int start, int end) {
    rep.add(firstRep, 1);
    rep.add(nextRep, end - start - 1);
    def.add(defLevel, end - start);
    entries += end - start;
    if (!leaf.type.copiesBuffers()) {
      leaf.type.appendPlain(values, v, start, end);
      return;
    }
    ArrowBuf data = v.getDataBuffer();
    long width = ((org.apache.arrow.vector.BaseFixedWidthVector) v).getTypeWidth();
    long from = start * width;
    long length = (end - start) * width;
    if (values.size() == 0
        && (borrowed == null || (borrowed == data && borrowedFrom + borrowedBytes == from))
        && borrowedBytes + length <= Integer.MAX_VALUE - 64) {
      borrowed = data;
      borrowedFrom = borrowedBytes == 0 ? from : borrowedFrom;
      borrowedBytes += length;
      return;
    }
    copyBorrowed();
    leaf.type.appendPlain(values, v, start, end);
  }

  private long valueBytes() {
    return borrowed != null ? borrowedBytes : values.size();
  }

  /** Makes the open page's borrowed values the writer's own (a copy), so the batch may go. */
  private void copyBorrowed() {
    if (borrowed != null) {
      values.put(borrowed, borrowedFrom, (int) borrowedBytes);
      borrowed = null;
      borrowedBytes = 0;
    }
  }

  /** The batch ends: a page still open must not point into its memory any longer. */
  void endBatch() {
    copyBorrowed();
  }

  /** Closes the current page, if any, and submits it for compression. */
  void finishPage() throws IOException {
    if (entries == 0) {
      return;
    }
    levels.clear();
    if (repWidth > 0) {
      encodeLevels(rep, repWidth);
    }
    if (defWidth > 0) {
      encodeLevels(def, defWidth);
    }
    ByteBuffer levelBytes = levels.contents();
    ByteBuffer levelCopy = buffers.take(levelBytes.remaining());
    levelCopy.put(levelBytes).flip();
    if (borrowed != null) {
      ByteBuffer view = borrowed.nioBuffer(borrowedFrom, (int) borrowedBytes);
      borrowed = null;
      borrowedBytes = 0;
      compressor.submit(sink, levelCopy, view, true, entries, splitWidth);
    } else {
      // the values' buffer itself goes to the compressor, and a free one takes its place
      ByteBuffer valueBytes = values.handOff(buffers.take(values.capacity()));
      compressor.submit(sink, levelCopy, valueBytes, false, entries, splitWidth);
    }
    chunkValues += entries;
    entries = 0;
    rep.clear();
    def.clear();
  }

  /** A v1 data page's levels: a 4-byte little-endian length, then the hybrid encoding. */
  private void encodeLevels(LevelRuns runs, int width) {
    scratch.clear();
    runs.encode(width, scratch);
    ByteBuffer bytes = scratch.contents();
    levels.putInt(bytes.remaining());
    levels.put(bytes);
  }
}
