package krnel.graph.testops;

import krnel.annotations.Op;
import krnel.types.Dataset;

/** test_graph.py: one input typed as a specific op, one parameter with a default (declared first, as in Python). */
@Op
public interface DatasetDoubleSize extends Dataset {
  default String powerLevel() {
    return "DOUBLE";
  }

  ExampleDataSource sourceDataset();
}
