package krnel.ops;

import java.util.List;
import java.util.Map;
import krnel.annotations.Op;
import krnel.types.Dataset;

/** A small dataset written into the graph itself, by columns: {@code {"text": ["a", "b"], "label": [...]}}. */
@Op
public interface LoadInlineJsonDatasetOp extends Dataset {
  Map<String, List<Object>> data();
}
