package krnel.graph.testops;

import krnel.annotations.ExcludeFromUuid;
import krnel.annotations.Op;
import krnel.types.Dataset;

/** test_graph.py {@code TestChild}: an input whose excluded field must not reach this op's uuid either. */
@Op
public interface ExcludedChild extends Dataset {
  ExcludedParent parent();

  String childData();

  @ExcludeFromUuid
  default String childCache() {
    return "";
  }
}
