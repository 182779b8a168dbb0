package krnel.graph.testops;

import krnel.annotations.ExcludeFromUuid;
import krnel.annotations.Op;
import krnel.types.Dataset;

/** test_graph.py {@code TestOpWithMultipleExcluded}: three excluded fields of two types. */
@Op
public interface OpWithMultipleExcluded extends Dataset {
  String data();

  @ExcludeFromUuid
  default int cacheTtl() {
    return 3600;
  }

  @ExcludeFromUuid
  default String lastAccess() {
    return "";
  }

  @ExcludeFromUuid
  default String debugInfo() {
    return "";
  }
}
