package krnel.types;

import com.fasterxml.jackson.databind.JsonNode;
import krnel.annotations.ColumnType;
import krnel.graph.OpSpec;
import krnel.runner.Runner;

/** A trained classifier; {@code predict(x)} scores a vector column with it. */
@ColumnType
public interface Classifier extends OpSpec, ClassifierFluent {
  /** The trained model as JSON, computed by the runner this graph was built from. */
  default JsonNode toJson() {
    return Runner.of(this).toJson(this);
  }
}
