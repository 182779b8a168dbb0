package krnel.graph.testops;

import krnel.annotations.Op;
import krnel.graph.OpSpec;
import krnel.types.Dataset;

/** test_graph.py: two inputs typed as any op. */
@Op
public interface CombineTwoOperations extends Dataset {
  OpSpec opA();

  OpSpec opB();
}
