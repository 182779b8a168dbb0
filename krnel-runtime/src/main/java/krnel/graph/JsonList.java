package krnel.graph;

import java.util.AbstractList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The unmodifiable list that {@link JsonShape} makes of a list parameter, its elements checked
 * against {@link #shape}. Being our own final class, it is recognised cheaply: a shape returns it
 * as is instead of copying it again (rebuilding an op in {@code subs} or {@code withX}), and
 * {@link JsonWriter} walks its array directly.
 */
final class JsonList extends AbstractList<Object> implements RandomAccess {
  final JsonShape shape;
  private final Object[] elements;

  /** @param elements checked copies, owned by this list from now on */
  JsonList(JsonShape shape, Object[] elements) {
    this.shape = shape;
    this.elements = elements;
  }

  @Override
  public Object get(int index) {
    return elements[Objects.checkIndex(index, elements.length)];
  }

  @Override
  public int size() {
    return elements.length;
  }

  // AbstractList already refuses add, set and remove; these would quietly do nothing when they
  // have nothing to change, where Collections.unmodifiableList refuses them all.

  @Override
  public void clear() {
    throw unmodifiable();
  }

  @Override
  public boolean addAll(Collection<?> c) {
    throw unmodifiable();
  }

  @Override
  public boolean addAll(int index, Collection<?> c) {
    throw unmodifiable();
  }

  @Override
  public boolean removeAll(Collection<?> c) {
    throw unmodifiable();
  }

  @Override
  public boolean retainAll(Collection<?> c) {
    throw unmodifiable();
  }

  @Override
  public boolean removeIf(Predicate<? super Object> filter) {
    throw unmodifiable();
  }

  @Override
  public void replaceAll(UnaryOperator<Object> operator) {
    throw unmodifiable();
  }

  @Override
  public void sort(Comparator<? super Object> c) {
    throw unmodifiable();
  }

  static UnsupportedOperationException unmodifiable() {
    return new UnsupportedOperationException(); // as Collections.unmodifiableList throws it
  }
}
