package krnel.graph.testops;

import java.util.List;
import krnel.graph.OpSpec;

/**
 * The fixtures of krnel-graph's tests/test_graph.py and tests/test_graph_transformations.py, with
 * short constructors for the ops above. They return the generated classes: {@code subs} on an
 * {@code ImmutableX} returns the op type {@code X}, while {@code subs} through the interface
 * {@code X} returns the column type {@code X} extends (see SubstitutionTest).
 */
public final class Fixtures {
  private Fixtures() {}

  /** {@code ExampleDataSource(dataset_name="test", import_date="2023-01-01")}. */
  public static final ImmutableExampleDataSource DATA_SOURCE_A = example("test", "2023-01-01");
  public static final String DATA_SOURCE_A_UUID =
      "ExampleDataSource_3dd8e10c1751a80fc03dcd280e5e13e5f115515b35eb7abaae2420883eff783c";
  public static final String DATA_SOURCE_A_CANONICAL =
      "{\"dataset_name\": \"test\", \"import_date\": \"2023-01-01\", \"type\": \"ExampleDataSource\"}";

  /** {@code DatasetDoubleSize(source_dataset=DATA_SOURCE_A)}, with the default power level DOUBLE. */
  public static final ImmutableDatasetDoubleSize OPERATION_A =
      ImmutableDatasetDoubleSize.builder().sourceDataset(DATA_SOURCE_A).build();
  public static final String OPERATION_A_UUID =
      "DatasetDoubleSize_c904d918e458fedc5710df9dbae0e8c6428742d93c29d36b42b6ad1e89fe55c4";

  /** {@code DatasetDoubleSize(source_dataset=DATA_SOURCE_A, power_level="TRIPLE")}. */
  public static final ImmutableDatasetDoubleSize OPERATION_B = doubleSize(DATA_SOURCE_A, "TRIPLE");
  public static final String OPERATION_B_UUID =
      "DatasetDoubleSize_632f895b6c26d7c170f5c4bf380a1b32921b2539ce6d079be29f810968e6e5e7";

  /** {@code CombineTwoOperations(op_a=OPERATION_A, op_b=<a new TRIPLE op equal to OPERATION_B>)}. */
  public static final ImmutableCombineTwoOperations COMBINE_TWO = combineTwo(OPERATION_A, doubleSize(DATA_SOURCE_A, "TRIPLE"));
  public static final String COMBINE_TWO_UUID =
      "CombineTwoOperations_5e2fc5026c4402e9dd496b79af5bb78535d5ddc2c6c9b1363492b5b718b3d2cb";

  public static ImmutableExampleDataSource example(String datasetName, String importDate) {
    return ImmutableExampleDataSource.builder().datasetName(datasetName).importDate(importDate).build();
  }

  public static ImmutableDatasetDoubleSize doubleSize(ExampleDataSource source, String powerLevel) {
    return ImmutableDatasetDoubleSize.builder().sourceDataset(source).powerLevel(powerLevel).build();
  }

  public static ImmutableCombineTwoOperations combineTwo(OpSpec a, OpSpec b) {
    return ImmutableCombineTwoOperations.builder().opA(a).opB(b).build();
  }

  public static ImmutableSimpleDataSource source(String name) {
    return ImmutableSimpleDataSource.builder().name(name).build();
  }

  public static ImmutableProcessingOp processing(SimpleDataSource source, int multiplier) {
    return ImmutableProcessingOp.builder().source(source).multiplier(multiplier).build();
  }

  public static ImmutableNestedOp nested(ProcessingOp primary, SimpleDataSource secondary, List<SimpleDataSource> backups) {
    return ImmutableNestedOp.builder().primary(primary).secondary(secondary).backupSources(backups).build();
  }

  public static ImmutableChainableOp chain(OpSpec source, String operationType) {
    return ImmutableChainableOp.builder().source(source).operationType(operationType).build();
  }
}
