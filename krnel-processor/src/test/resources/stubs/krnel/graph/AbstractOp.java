package krnel.graph;

import java.util.function.Consumer;

/** Test stub of the runtime's AbstractOp: same public signatures, no behaviour. */
public abstract class AbstractOp implements OpSpec {

  @Override
  public final String uuid() {
    throw new UnsupportedOperationException();
  }

  protected void forEachInput(Consumer<OpSpec> action) {
    throw new UnsupportedOperationException();
  }

  @Override
  public final boolean equals(Object other) {
    throw new UnsupportedOperationException();
  }

  @Override
  public final int hashCode() {
    throw new UnsupportedOperationException();
  }

  @Override
  public String toString() {
    throw new UnsupportedOperationException();
  }
}
