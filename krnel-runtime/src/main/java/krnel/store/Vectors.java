package krnel.store;

import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

/** The few Arrow vector operations the reader needs that Arrow has no common interface for. */
final class Vectors {
  private Vectors() {}

  /**
   * Makes {@code v} ready for a batch of {@code rows} rows. Memory from the previous batch is kept
   * and only validity is cleared where that is enough: allocating and zeroing a fresh 100 MB vector
   * buffer per batch cost more than decoding it.
   */
  static void prepare(ValueVector v, int rows) {
    if (v instanceof BaseFixedWidthVector fixed && !(v instanceof BitVector)) {
      if (fixed.getValueCapacity() >= rows) {
        fixed.getValidityBuffer().setZero(0, fixed.getValidityBuffer().capacity());
      } else {
        allocateUnzeroed(fixed, rows);
      }
      return;
    }
    if (v instanceof FixedSizeListVector list
        && list.getDataVector() instanceof BaseFixedWidthVector
        && !(list.getDataVector() instanceof BitVector)) {
      if (list.getValueCapacity() >= rows) {
        list.getValidityBuffer().setZero(0, list.getValidityBuffer().capacity());
      } else {
        list.clear();
        try (ArrowBuf validity = list.getAllocator().buffer(0)) {
          // an all-null node: Arrow gives the list a zeroed validity buffer of its own
          list.loadFieldBuffers(new ArrowFieldNode(rows, rows), List.of(validity));
        }
      }
      prepare(list.getDataVector(), Math.multiplyExact(rows, list.getListSize()));
      return;
    }
    v.clear();
    v.setInitialCapacity(rows);
    v.allocateNew();
  }

  /**
   * Gives {@code v} room for {@code count} values, all null, without zeroing the values' buffer as
   * {@code allocateNew} does: the reader writes every value, and a result of a few hundred megabytes
   * was read with one more pass over its memory, on one thread, before any decoding began.
   */
  private static void allocateUnzeroed(BaseFixedWidthVector v, int count) {
    v.clear();
    long bytes = Math.multiplyExact((long) count, v.getTypeWidth());
    try (ArrowBuf values = v.getAllocator().buffer(Math.max(bytes, 8));
        ArrowBuf validity = v.getAllocator().buffer(0)) {
      v.loadFieldBuffers(new ArrowFieldNode(count, count), List.of(validity, values));
    }
  }

  static void ensureCapacity(ValueVector v, int count) {
    while (v.getValueCapacity() < count) {
      v.reAlloc();
    }
  }

  /** Marks {@code [start, start + count)} valid, whole bytes at a time where it can. */
  static void setValid(ArrowBuf validity, int start, int count) {
    int i = start;
    int end = start + count;
    while (i < end && (i & 7) != 0) {
      setBit(validity, i++);
    }
    int wholeBytes = (end - i) >>> 3;
    if (wholeBytes > 0) {
      validity.setOne((long) (i >>> 3), wholeBytes);
      i += wholeBytes << 3;
    }
    while (i < end) {
      setBit(validity, i++);
    }
  }

  private static void setBit(ArrowBuf validity, int index) {
    long at = index >>> 3;
    validity.setByte(at, validity.getByte(at) | (1 << (index & 7)));
  }

  static void setNull(ValueVector v, int index) {
    if (v instanceof BaseFixedWidthVector fixed) {
      fixed.setNull(index);
    } else if (v instanceof BaseVariableWidthVector variable) {
      variable.setNull(index);
    } else if (v instanceof ListVector list) {
      list.setNull(index);
    } else if (v instanceof FixedSizeListVector list) {
      list.setNull(index);
    } else if (v instanceof StructVector struct) {
      struct.setNull(index);
    } else {
      throw new IllegalStateException("cannot mark a null in a " + v.getClass().getSimpleName());
    }
  }
}
