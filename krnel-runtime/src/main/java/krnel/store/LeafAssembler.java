package krnel.store;

import java.io.IOException;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Rebuilds Arrow vectors from one leaf column's levels and values (Dremel record assembly). Each
 * leaf fills its own path; a struct or list shared by several leaves is filled once per leaf with
 * the same validity and offsets, which Arrow's list API makes idempotent. A run of list elements
 * that are all present is copied buffer to buffer: a vector row costs one scan of its levels and
 * one copy.
 */
final class LeafAssembler {
  private final ColumnNode[] path;
  private final ColumnNode.Leaf leaf;
  private final LeafCursor in;
  private final ValueVector[] vectors;

  LeafAssembler(ColumnNode[] path, LeafCursor in) {
    this.path = path;
    this.leaf = (ColumnNode.Leaf) path[path.length - 1];
    this.in = in;
    this.vectors = new ValueVector[path.length];
    this.startRep = new int[path.length];
    for (int depth = 1; depth < path.length; depth++) {
      startRep[depth] = path[depth - 1] instanceof ColumnNode.ListNode list ? list.elementRep : startRep[depth - 1];
    }
  }

  /** The fresh leaf buffer of this batch that decoding threads fault in, or null. */
  private Prefaulter prefaulter;

  /** The repetition level at which a new value of each path node starts: deeper levels continue it. */
  private final int[] startRep;

  /**
   * Skips the level entries that continue a null or empty node. Writers put one entry there, but
   * DuckDB writes a null {@code FLOAT[N]} row as N entries; DuckDB and hyparquet read them as one null.
   */
  private void skipContinuation(int depth) throws IOException {
    while (!in.exhausted() && in.rep() > startRep[depth]) {
      in.advance();
    }
  }

  /** Copies {@code count} values of the page into {@code target} at {@code index} and on. */
  private void readValues(FieldVector target, int index, int count) {
    if (prefaulter != null) {
      prefaulter.ready((long) (index + count) * ((BaseFixedWidthVector) target).getTypeWidth());
    }
    leaf.type.read(in.values(), target, index, count);
  }

  /** Appends {@code rows} rows to {@code root}'s vectors, starting at row {@code first}. */
  void read(VectorSchemaRoot root, int topIndex, int first, int rows, Prefaulter prefaulter)
      throws IOException {
    this.prefaulter = prefaulter;
    ValueVector v = root.getVector(topIndex);
    vectors[0] = v;
    for (int depth = 1; depth < path.length; depth++) {
      if (v instanceof StructVector struct) {
        v = struct.getChild(path[depth].name);
      } else if (v instanceof ListVector list) {
        v = list.getDataVector();
      } else {
        v = ((FixedSizeListVector) v).getDataVector();
      }
      vectors[depth] = v;
    }
    for (int row = first; row < first + rows; row++) {
      if (in.exhausted()) {
        throw new IllegalStateException("the column ends before row " + row + " of its row group");
      }
      if (in.rep() != 0) {
        throw new RowException(row, new IllegalStateException("a row starts with repetition level " + in.rep()));
      }
      try {
        readNode(0, row);
      } catch (RuntimeException e) {
        throw new RowException(row, e);
      }
    }
  }

  /** A leaf that cannot be read at a row of the batch: the reader names the column and the file's row. */
  static final class RowException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    final int row;

    RowException(int row, RuntimeException cause) {
      super(cause.getMessage(), cause);
      this.row = row;
    }
  }

  private void readNode(int depth, int index) throws IOException {
    ColumnNode node = path[depth];
    ValueVector vector = vectors[depth];
    int d = in.def();
    if (d < node.def) {
      if (!node.nullable) {
        throw new IllegalStateException(
            "definition level " + d + " makes non-nullable '" + node.name + "' null");
      }
      Vectors.setNull(vector, index);
      in.advance();
      skipContinuation(depth);
      return;
    }
    if (node instanceof ColumnNode.Leaf) {
      readValues((FieldVector) vector, index, 1);
      in.advance();
    } else if (node instanceof ColumnNode.Struct) {
      ((StructVector) vector).setIndexDefined(index);
      readNode(depth + 1, index);
    } else {
      readList(depth, (ColumnNode.ListNode) node, vector, index, d);
    }
  }

  private void readList(int depth, ColumnNode.ListNode list, ValueVector vector, int index, int d)
      throws IOException {
    int start =
        vector instanceof ListVector variable
            ? variable.startNewValue(index)
            : ((FixedSizeListVector) vector).startNewValue(index);
    int count;
    if (d < list.elementDef) {
      in.advance();
      skipContinuation(depth);
      count = 0;
    } else if (depth + 1 == path.length - 1) {
      count = readLeafRun(list, start);
    } else {
      count = 0;
      do {
        readNode(depth + 1, start + count);
        count++;
      } while (!in.exhausted() && in.rep() == list.elementRep);
    }
    if (vector instanceof ListVector variable) {
      variable.endValue(index, count);
    } else if (count != list.fixedSize) {
      throw new IllegalStateException(
          "a row of '"
              + list.name
              + "' has "
              + count
              + " values, but its ARROW:schema type is a fixed-size list of "
              + list.fixedSize);
    }
  }

  /** Reads the elements of one list whose elements are the leaf, page segment by page segment. */
  private int readLeafRun(ColumnNode.ListNode list, int start) throws IOException {
    FieldVector target = (FieldVector) vectors[vectors.length - 1];
    int elementRep = list.elementRep;
    int count = 0;
    boolean first = true;
    while (!in.exhausted()) {
      int from = in.position();
      int limit = in.limit();
      if (!first && in.rep() != elementRep) {
        break;
      }
      first = false;
      int to;
      if (leaf.maxRep == 1) {
        to = in.nextRowStart(from);
      } else {
        int[] rep = in.repLevels();
        to = from + 1;
        while (to < limit && rep[to] == elementRep) {
          to++;
        }
      }
      if (in.allPresent()) {
        readValues(target, start + count, to - from);
      } else {
        int[] def = in.defLevels();
        int present = 0;
        for (int i = from; i < to; i++) {
          if (def[i] == leaf.def) {
            present++;
          }
        }
        if (present == to - from) {
          readValues(target, start + count, present);
        } else {
          for (int i = from; i < to; i++) {
            if (def[i] == leaf.def) {
              readValues(target, start + count + i - from, 1);
            } else if (def[i] >= list.elementDef && leaf.nullable) {
              Vectors.setNull(target, start + count + i - from);
            } else {
              throw new IllegalStateException(
                  "definition level " + def[i] + " inside a list of '" + list.name + "'");
            }
          }
        }
      }
      count += to - from;
      in.skipTo(to);
      if (to < limit) {
        break;
      }
    }
    return count;
  }
}
