package krnel.graph;

/** Test stub of the runtime's EnumWire: same public signatures, no behaviour. */
public final class EnumWire<E extends Enum<E>> {

  public EnumWire(Class<E> type, String... names) {}

  public static String nameOf(Enum<?> value) {
    throw new UnsupportedOperationException();
  }

  public String name(E value) {
    throw new UnsupportedOperationException();
  }

  public E parse(OpType<?> op, String field, Object value) {
    throw new UnsupportedOperationException();
  }
}
