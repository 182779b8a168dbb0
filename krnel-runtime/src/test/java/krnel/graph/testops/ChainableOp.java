package krnel.graph.testops;

import krnel.annotations.Op;
import krnel.graph.OpSpec;
import krnel.types.Dataset;

/** test_graph_transformations.py: chains onto any op. */
@Op
public interface ChainableOp extends Dataset {
  OpSpec source();

  String operationType();
}
