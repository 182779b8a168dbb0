package krnel.graph.testops;

import krnel.annotations.Op;
import krnel.types.Dataset;

/** test_graph_transformations.py: a source with a name. */
@Op
public interface SimpleDataSource extends Dataset {
  String name();
}
