package krnel.graph.testops;

import krnel.annotations.Op;
import krnel.types.Dataset;

/** test_graph_transformations.py: one typed input and a defaulted parameter. */
@Op
public interface ProcessingOp extends Dataset {
  SimpleDataSource source();

  default int multiplier() {
    return 2;
  }
}
