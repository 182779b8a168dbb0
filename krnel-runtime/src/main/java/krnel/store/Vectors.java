package krnel.store;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
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
    if (v instanceof BaseFixedWidthVector fixed && fixed.getValueCapacity() >= rows) {
      fixed.getValidityBuffer().setZero(0, fixed.getValidityBuffer().capacity());
      return;
    }
    if (v instanceof FixedSizeListVector list
        && list.getValueCapacity() >= rows
        && list.getDataVector() instanceof BaseFixedWidthVector) {
      list.getValidityBuffer().setZero(0, list.getValidityBuffer().capacity());
      prepare(list.getDataVector(), rows * list.getListSize());
      return;
    }
    v.clear();
    v.setInitialCapacity(rows);
    v.allocateNew();
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
