package krnel.graph.testops;

import java.util.Map;
import krnel.annotations.Op;
import krnel.graph.OpSpec;
import krnel.types.Dataset;

/**
 * test_graph_transformations.py: an input next to a structured parameter. The Python fixture's
 * non-op pydantic model becomes JSON-like data here: a parameter, never traversed.
 */
@Op
public interface MixedOp extends Dataset {
  OpSpec opField();

  Map<String, Object> nonOpField();

  String regularField();
}
