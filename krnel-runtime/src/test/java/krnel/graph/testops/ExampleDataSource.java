package krnel.graph.testops;

import krnel.annotations.Op;
import krnel.types.Dataset;

/** test_graph.py: a data source with two string parameters. */
@Op
public interface ExampleDataSource extends Dataset {
  String datasetName();

  String importDate();
}
