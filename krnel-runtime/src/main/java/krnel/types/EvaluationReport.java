package krnel.types;

import com.fasterxml.jackson.databind.JsonNode;
import krnel.annotations.ColumnType;
import krnel.graph.OpSpec;
import krnel.runner.Runner;

/** A JSON report of classifier metrics per split. */
@ColumnType
public interface EvaluationReport extends OpSpec, EvaluationReportFluent {
  /** The report as JSON, computed by the runner this graph was built from. */
  default JsonNode toJson() {
    return Runner.of(this).toJson(this);
  }
}
