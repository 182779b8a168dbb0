package krnel.graph.testops;

import java.util.List;
import krnel.annotations.Op;
import krnel.types.Dataset;

/** test_graph.py: a list of inputs with an empty default. */
@Op
public interface MultiSourceOp extends Dataset {
  String name();

  default List<ExampleDataSource> sources() {
    return List.of();
  }
}
