package krnel.graph.testops;

import krnel.annotations.ExcludeFromUuid;
import krnel.annotations.Op;
import krnel.types.Dataset;

/** test_graph.py {@code TestOpWithExcluded}: one hashed field, one excluded field. */
@Op
public interface OpWithExcluded extends Dataset {
  String importantField();

  @ExcludeFromUuid
  default String cacheField() {
    return "";
  }
}
