package krnel.graph;

import java.util.List;
import java.util.Optional;

/** Test stub of the runtime's OpType: same public signatures, no behaviour. */
public abstract class OpType<T extends OpSpec> {

  protected OpType(String wireName, Class<T> declaration, List<FieldSpec> fields, boolean ephemeral, String fluentName) {}

  protected OpType(String wireName, Class<T> declaration, List<FieldSpec> fields, boolean ephemeral, String fluentName,
      String stepName) {}

  public final String wireName() {
    throw new UnsupportedOperationException();
  }

  public final Class<T> declaration() {
    throw new UnsupportedOperationException();
  }

  public final List<FieldSpec> fields() {
    throw new UnsupportedOperationException();
  }

  public final Optional<FieldSpec> field(String name) {
    throw new UnsupportedOperationException();
  }

  public final boolean isEphemeral() {
    throw new UnsupportedOperationException();
  }

  public final Optional<String> fluentName() {
    throw new UnsupportedOperationException();
  }

  public final Optional<String> stepName() {
    throw new UnsupportedOperationException();
  }

  public abstract OpBuilder<T> newBuilder();

  @Override
  public final String toString() {
    throw new UnsupportedOperationException();
  }
}
