package krnel.graph.testops;

import java.util.List;
import krnel.annotations.Op;
import krnel.types.Dataset;

/** test_graph_transformations.py: two single inputs and a defaulted list of inputs. */
@Op
public interface NestedOp extends Dataset {
  ProcessingOp primary();

  SimpleDataSource secondary();

  default List<SimpleDataSource> backupSources() {
    return List.of();
  }
}
