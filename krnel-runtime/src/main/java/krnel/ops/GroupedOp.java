package krnel.ops;

import java.util.List;
import krnel.annotations.Op;
import krnel.graph.OpSpec;
import krnel.types.OpGroup;

/** Several ops to materialize together, e.g. a whole experiment. */
@Op
public interface GroupedOp extends OpGroup {
  List<OpSpec> ops();
}
