package krnel.graph.testops;

import java.util.List;
import java.util.Map;
import krnel.annotations.Op;
import krnel.graph.OpSpec;
import krnel.types.Dataset;

/** test_graph_transformations.py: a list of inputs of any op type, and a map parameter. */
@Op
public interface CombineOp extends Dataset {
  List<OpSpec> sources();

  default Map<String, Double> weights() {
    return Map.of();
  }
}
