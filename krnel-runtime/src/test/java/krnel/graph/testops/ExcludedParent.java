package krnel.graph.testops;

import krnel.annotations.ExcludeFromUuid;
import krnel.annotations.Op;
import krnel.types.Dataset;

/**
 * test_graph.py {@code TestParent}. Also the base of {@link ExcludedChildWithFields}, which checks
 * that an exclusion survives a sub-interface that adds fields (krnel-graph loses it there).
 */
@Op
public interface ExcludedParent extends Dataset {
  String data();

  @ExcludeFromUuid
  default String metadata() {
    return "";
  }
}
