package krnel.types;

import krnel.annotations.ColumnType;
import krnel.graph.OpSpec;

/** A JSON report of classifier metrics per split. */
@ColumnType
public interface EvaluationReport extends OpSpec, EvaluationReportFluent {}
