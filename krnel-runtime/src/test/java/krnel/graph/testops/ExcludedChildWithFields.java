package krnel.graph.testops;

import krnel.annotations.Op;

/**
 * A sub-interface that inherits the excluded {@code metadata} of {@link ExcludedParent} and adds a
 * field of its own: the case where krnel-graph silently hashes the inherited field (reference §7.1).
 */
@Op
public interface ExcludedChildWithFields extends ExcludedParent {
  default int extra() {
    return 0;
  }
}
