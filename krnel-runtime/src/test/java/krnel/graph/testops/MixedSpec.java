package krnel.graph.testops;

import java.util.List;
import java.util.Map;
import krnel.annotations.Nullable;
import krnel.annotations.Op;
import krnel.types.Dataset;

/** test_op_spec.py: every shape of input (single, nullable, list, map) next to two parameters. */
@Op
public interface MixedSpec extends Dataset {
  LeafSpec leaf();

  @Nullable
  LeafSpec optionalLeaf();

  List<LeafSpec> leafList();

  Map<String, LeafSpec> leafMap();

  String description();

  @Nullable
  Integer retries();
}
