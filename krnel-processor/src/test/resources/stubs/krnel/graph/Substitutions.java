package krnel.graph;

import java.util.Collection;
import java.util.Map;

/** Test stub of the runtime's Substitutions: same public signatures, no behaviour. */
public final class Substitutions {
  private Substitutions() {}

  public static <T extends OpSpec> T withChanges(T op, Map<String, ?> changes) {
    throw new UnsupportedOperationException();
  }

  public static <T extends OpSpec> T withChanges(T root, OpSpec node, Map<String, ?> changes) {
    throw new UnsupportedOperationException();
  }

  public static <T extends OpSpec> T replace(T root, Collection<Substitution> substitutions) {
    throw new UnsupportedOperationException();
  }
}
