package krnel.graph.testops;

import krnel.annotations.Op;
import krnel.types.Dataset;

/** test_op_spec.py: a leaf. */
@Op
public interface LeafSpec extends Dataset {
  String value();
}
