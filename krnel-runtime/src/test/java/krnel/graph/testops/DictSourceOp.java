package krnel.graph.testops;

import java.util.Map;
import krnel.annotations.Op;
import krnel.types.Dataset;

/** test_graph.py: a map of inputs with an empty default. */
@Op
public interface DictSourceOp extends Dataset {
  String name();

  default Map<String, ExampleDataSource> sourceMap() {
    return Map.of();
  }
}
