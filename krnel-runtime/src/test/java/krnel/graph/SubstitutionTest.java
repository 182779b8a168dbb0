package krnel.graph;

import static krnel.graph.testops.Fixtures.COMBINE_TWO;
import static krnel.graph.testops.Fixtures.COMBINE_TWO_UUID;
import static krnel.graph.testops.Fixtures.DATA_SOURCE_A;
import static krnel.graph.testops.Fixtures.DATA_SOURCE_A_UUID;
import static krnel.graph.testops.Fixtures.OPERATION_A;
import static krnel.graph.testops.Fixtures.OPERATION_A_UUID;
import static krnel.graph.testops.Fixtures.OPERATION_B_UUID;
import static krnel.graph.testops.Fixtures.combineTwo;
import static krnel.graph.testops.Fixtures.doubleSize;
import static krnel.graph.testops.Fixtures.example;
import static krnel.graph.testops.Fixtures.nested;
import static krnel.graph.testops.Fixtures.processing;
import static krnel.graph.testops.Fixtures.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import krnel.graph.testops.CombineOp;
import krnel.graph.testops.CombineTwoOperations;
import krnel.graph.testops.DatasetDoubleSize;
import krnel.graph.testops.DictSourceOp;
import krnel.graph.testops.ExampleDataSource;
import krnel.graph.testops.ImmutableCombineOp;
import krnel.graph.testops.ImmutableCombineTwoOperations;
import krnel.graph.testops.ImmutableDatasetDoubleSize;
import krnel.graph.testops.ImmutableDictSourceOp;
import krnel.graph.testops.ImmutableExampleDataSource;
import krnel.graph.testops.ImmutableMixedOp;
import krnel.graph.testops.ImmutableMultiSourceOp;
import krnel.graph.testops.ImmutableProcessingOp;
import krnel.graph.testops.MixedOp;
import krnel.graph.testops.MultiSourceOp;
import krnel.graph.testops.NestedOp;
import krnel.graph.testops.ProcessingOp;
import krnel.graph.testops.SimpleDataSource;
import krnel.ops.ImmutableLoadInlineJsonDatasetOp;
import krnel.ops.ImmutableSelectTextColumnOp;
import krnel.ops.LoadInlineJsonDatasetOp;
import krnel.types.BooleanColumn;
import krnel.types.Dataset;
import krnel.types.TextColumn;
import org.junit.jupiter.api.Test;

/**
 * The four forms of {@code subs}: the subs tests of krnel-graph's tests/test_graph.py and the
 * graph_substitute tests of tests/test_graph_transformations.py.
 *
 * <p>Not ported, because Java's static types make them impossible: "Cannot provide both
 * substitutions and field changes" (no overload takes both) and "Invalid substitute argument" (a
 * string, a 1-tuple or a tuple holding a non-op do not compile). graph_substitute over several
 * roots at once is {@code subs} applied to each root.
 */
class SubstitutionTest {

  // --- form 1: subs(Map) changes fields of the op itself ---

  @Test
  void changesOneField() {
    ExampleDataSource modified = DATA_SOURCE_A.subs(Map.of("dataset_name", "modified_test"));
    assertEquals("modified_test", modified.datasetName());
    assertEquals("2023-01-01", modified.importDate());
    assertNotEquals(DATA_SOURCE_A_UUID, modified.uuid());
    assertEquals("test", DATA_SOURCE_A.datasetName(), "the original is untouched");
    assertEquals(DATA_SOURCE_A_UUID, DATA_SOURCE_A.uuid());
    assertInstanceOf(ImmutableExampleDataSource.class, modified);
    assertNotEquals(DATA_SOURCE_A, modified);
  }

  @Test
  void changesSeveralFields() {
    ExampleDataSource modified = DATA_SOURCE_A.subs(Map.of("dataset_name", "new_dataset", "import_date", "2024-01-01"));
    assertEquals("new_dataset", modified.datasetName());
    assertEquals("2024-01-01", modified.importDate());
    assertEquals(example("new_dataset", "2024-01-01"), modified);
    assertEquals("test", DATA_SOURCE_A.datasetName());
    assertEquals("2023-01-01", DATA_SOURCE_A.importDate());
  }

  @Test
  void noChangesGivesAnEqualOp() {
    ExampleDataSource same = DATA_SOURCE_A.subs(Map.of());
    assertEquals(DATA_SOURCE_A, same);
    assertEquals(DATA_SOURCE_A_UUID, same.uuid());
  }

  @Test
  void changesAnInputField() {
    ExampleDataSource newSource = example("different_source", "2024-01-01");
    DatasetDoubleSize modified = OPERATION_A.subs(Map.of("source_dataset", newSource));
    assertSame(newSource, modified.sourceDataset());
    assertEquals("DOUBLE", modified.powerLevel());
    assertSame(DATA_SOURCE_A, OPERATION_A.sourceDataset());
    assertNotEquals(OPERATION_A_UUID, modified.uuid());
    assertEquals(OPERATION_A_UUID, OPERATION_A.uuid());
  }

  @Test
  void changesAnInputOfANestedOp() {
    var newOpA = doubleSize(DATA_SOURCE_A, "QUADRUPLE");
    CombineTwoOperations modified = COMBINE_TWO.subs(Map.of("op_a", newOpA));
    assertSame(newOpA, modified.opA());
    assertSame(COMBINE_TWO.opB(), modified.opB());
    assertNotEquals(COMBINE_TWO_UUID, modified.uuid());
    assertEquals(COMBINE_TWO_UUID, COMBINE_TWO.uuid());
    assertInstanceOf(ImmutableCombineTwoOperations.class, modified);
  }

  @Test
  void keepsTheClass() {
    DatasetDoubleSize modified = OPERATION_A.subs(Map.of("power_level", "TRIPLE"));
    assertSame(OPERATION_A.getClass(), modified.getClass());
    assertEquals(OPERATION_B_UUID, modified.uuid());
  }

  @Test
  void invalidFieldName() {
    OpValidationException e = assertThrows(OpValidationException.class,
        () -> DATA_SOURCE_A.subs(Map.of("nonexistent_field", "value")));
    assertEquals("Invalid field names for ExampleDataSource: ['nonexistent_field']."
        + " Valid fields: ['dataset_name', 'import_date']", e.getMessage());
  }

  @Test
  void invalidFieldNamesAreAllListedSorted() {
    OpValidationException e = assertThrows(OpValidationException.class,
        () -> DATA_SOURCE_A.subs(Map.of("nonexistent_field", "value", "bad_field", "another_value")));
    assertEquals("Invalid field names for ExampleDataSource: ['bad_field', 'nonexistent_field']."
        + " Valid fields: ['dataset_name', 'import_date']", e.getMessage());
  }

  @Test
  void wrongValueTypeIsAnError() {
    OpValidationException e = assertThrows(OpValidationException.class,
        () -> OPERATION_A.subs(Map.of("source_dataset", "not an op")));
    assertEquals("DatasetDoubleSize.source_dataset: expected an op of type ExampleDataSource, got String \"not an op\"",
        e.getMessage());
    Map<String, Object> nulls = new HashMap<>();
    nulls.put("dataset_name", null);
    e = assertThrows(OpValidationException.class, () -> DATA_SOURCE_A.subs(nulls));
    assertTrue(e.getMessage().startsWith("ExampleDataSource.dataset_name is required"), e.getMessage());
  }

  @Test
  void replacesAListOfInputs() {
    ExampleDataSource source1 = example("source1", "2023-01-01");
    ExampleDataSource source2 = example("source2", "2023-01-02");
    var original = ImmutableMultiSourceOp.builder().name("multi").sources(List.of(source1)).build();
    String originalUuid = original.uuid();
    MultiSourceOp modified = original.subs(Map.of("sources", List.of(source1, source2)));
    assertEquals(List.of(source1, source2), modified.sources());
    assertEquals(List.of(source1), original.sources());
    assertNotEquals(originalUuid, modified.uuid());
    assertEquals(originalUuid, original.uuid());
  }

  @Test
  void replacesAMapOfInputs() {
    ExampleDataSource source1 = example("source1", "2023-01-01");
    ExampleDataSource source2 = example("source2", "2023-01-02");
    var original = ImmutableDictSourceOp.builder().name("dict_op").sourceMap(Map.of("a", source1)).build();
    String originalUuid = original.uuid();
    DictSourceOp modified = original.subs(Map.of("source_map", Map.of("a", source1, "b", source2)));
    assertEquals(2, modified.sourceMap().size());
    assertEquals(source1, modified.sourceMap().get("a"));
    assertEquals(source2, modified.sourceMap().get("b"));
    assertEquals(1, original.sourceMap().size());
    assertNotEquals(originalUuid, modified.uuid());
    assertEquals(originalUuid, original.uuid());
  }

  // --- forms 2-4: replacing ops in the graph ---

  @Test
  void replacesOneOp() {
    ExampleDataSource oldSource = example("old", "2023-01-01");
    ExampleDataSource newSource = example("new", "2023-01-01");
    var operation = doubleSize(oldSource, "DOUBLE");
    DatasetDoubleSize modified = operation.subs(oldSource, newSource);
    assertSame(newSource, modified.sourceDataset());
    assertEquals("DOUBLE", modified.powerLevel());
    assertSame(oldSource, operation.sourceDataset());
    assertNotEquals(operation.uuid(), modified.uuid());
    assertEquals(doubleSize(newSource, "DOUBLE"), modified);
    assertSame(operation.getClass(), modified.getClass());
  }

  @Test
  void replacesSeveralOps() {
    ExampleDataSource source1 = example("source1", "2023-01-01");
    ExampleDataSource source2 = example("source2", "2023-01-02");
    ExampleDataSource newSource1 = example("new_source1", "2023-01-01");
    ExampleDataSource newSource2 = example("new_source2", "2023-01-02");
    var combined = combineTwo(doubleSize(source1, "DOUBLE"), doubleSize(source2, "TRIPLE"));
    CombineTwoOperations modified = combined.subs(
        List.of(Substitution.of(source1, newSource1), Substitution.of(source2, newSource2)));
    assertEquals(newSource1, ((DatasetDoubleSize) modified.opA()).sourceDataset());
    assertEquals(newSource2, ((DatasetDoubleSize) modified.opB()).sourceDataset());
    assertEquals(source1, ((DatasetDoubleSize) combined.opA()).sourceDataset());
    assertEquals(source2, ((DatasetDoubleSize) combined.opB()).sourceDataset());
    assertEquals(combineTwo(doubleSize(newSource1, "DOUBLE"), doubleSize(newSource2, "TRIPLE")), modified);
  }

  @Test
  void changesFieldsOfADependency() {
    ExampleDataSource oldSource = example("old", "2023-01-01");
    var operation = doubleSize(oldSource, "DOUBLE");
    DatasetDoubleSize modified = operation.subs(oldSource, Map.of("dataset_name", "updated", "import_date", "2024-01-01"));
    assertEquals(example("updated", "2024-01-01"), modified.sourceDataset());
    assertEquals("DOUBLE", modified.powerLevel());
    assertSame(oldSource, operation.sourceDataset());
  }

  @Test
  void replacementPropagatesThroughSharedDependencies() {
    ExampleDataSource source = example("original", "2023-01-01");
    var combined = combineTwo(doubleSize(source, "DOUBLE"), doubleSize(source, "TRIPLE"));
    ExampleDataSource newSource = example("replacement", "2023-01-01");
    CombineTwoOperations modified = combined.subs(source, newSource);
    DatasetDoubleSize a = (DatasetDoubleSize) modified.opA();
    DatasetDoubleSize b = (DatasetDoubleSize) modified.opB();
    assertSame(newSource, a.sourceDataset());
    assertSame(newSource, b.sourceDataset());
    assertEquals("DOUBLE", a.powerLevel());
    assertEquals("TRIPLE", b.powerLevel());
    assertEquals(source, ((DatasetDoubleSize) combined.opA()).sourceDataset());
    assertNotEquals(combined.uuid(), modified.uuid());
  }

  @Test
  void nestedDependenciesAreReplacedEverywhere() {
    SimpleDataSource source = source("original_source");
    var processing = processing(source, 2);
    SimpleDataSource backup1 = source("backup1");
    SimpleDataSource backup2 = source("backup2");
    var nested = nested(processing, source, List.of(backup1, backup2));
    SimpleDataSource newSource = source("new_source");
    NestedOp modified = nested.subs(source, newSource);
    assertSame(newSource, modified.secondary());
    assertSame(newSource, modified.primary().source());
    assertEquals(2, modified.primary().multiplier());
    assertEquals(List.of(backup1, backup2), modified.backupSources());
    assertSame(backup1, modified.backupSources().get(0));
  }

  @Test
  void replacesInsideListsOfInputs() {
    SimpleDataSource source1 = source("source1");
    SimpleDataSource source2 = source("source2");
    var combine = ImmutableCombineOp.builder().sources(List.of(source1, source2)).weights(Map.of("a", 1.0)).build();
    SimpleDataSource newSource1 = source("new_source1");
    SimpleDataSource newSource2 = source("new_source2");
    CombineOp modified = combine.subs(List.of(Substitution.of(source1, newSource1), Substitution.of(source2, newSource2)));
    assertEquals(List.of(newSource1, newSource2), modified.sources());
    assertEquals(Map.of("a", 1.0), modified.weights());
  }

  @Test
  void replacesInsideMapsOfInputs() {
    ExampleDataSource source1 = example("source1", "2023-01-01");
    ExampleDataSource source2 = example("source2", "2023-01-02");
    var dict = ImmutableDictSourceOp.builder().name("d").sourceMap(Map.of("a", source1, "b", source2)).build();
    ExampleDataSource replacement = example("replacement", "2023-01-01");
    DictSourceOp modified = dict.subs(source2, replacement);
    assertSame(source1, modified.sourceMap().get("a"));
    assertSame(replacement, modified.sourceMap().get("b"));
    assertEquals(List.copyOf(dict.sourceMap().keySet()), List.copyOf(modified.sourceMap().keySet()), "order kept");
  }

  @Test
  void eachRootIsRebuiltOnItsOwn() {
    SimpleDataSource source = source("shared_source");
    var processing1 = processing(source, 2);
    var processing2 = processing(source, 3);
    SimpleDataSource newSource = source("new_shared_source");
    ProcessingOp new1 = processing1.subs(source, newSource);
    ProcessingOp new2 = processing2.subs(source, newSource);
    assertSame(newSource, new1.source());
    assertSame(newSource, new2.source());
    assertEquals(2, new1.multiplier());
    assertEquals(3, new2.multiplier());
  }

  @Test
  void noSubstitutionsGivesTheSameOp() {
    var processing = ImmutableProcessingOp.builder().source(source("source")).build();
    assertSame(processing, processing.subs(List.of()));
  }

  @Test
  void opsThatDoNotDependOnAReplacedOpAreKept() {
    ExampleDataSource source1 = example("source1", "2023-01-01");
    ExampleDataSource source2 = example("source2", "2023-01-02");
    var untouched = doubleSize(source2, "TRIPLE");
    var combined = combineTwo(doubleSize(source1, "DOUBLE"), untouched);
    CombineTwoOperations modified = combined.subs(source1, example("new", "2023-01-01"));
    assertSame(untouched, modified.opB());
    assertSame(source2, ((DatasetDoubleSize) modified.opB()).sourceDataset());
  }

  @Test
  void targetMustBeADependency() {
    ExampleDataSource source = example("source", "2023-01-01");
    var operation = doubleSize(source, "DOUBLE");
    ExampleDataSource unrelated = example("unrelated", "2023-01-01");
    ExampleDataSource newSource = example("new", "2023-01-01");
    OpValidationException e = assertThrows(OpValidationException.class, () -> operation.subs(unrelated, newSource));
    assertTrue(e.getMessage().startsWith("Supposed to substitute [" + unrelated.uuid() + "]"), e.getMessage());
    assertTrue(e.getMessage().contains(operation.uuid()), e.getMessage());
  }

  @Test
  void everyTargetMustBeADependency() {
    SimpleDataSource source1 = source("source1");
    SimpleDataSource source2 = source("source2");
    var processing = ImmutableProcessingOp.builder().source(source1).build();
    OpValidationException e = assertThrows(OpValidationException.class, () -> processing.subs(List.of(
        Substitution.of(source1, source("new_source1")), Substitution.of(source2, source("new_source2")))));
    assertTrue(e.getMessage().startsWith("Supposed to substitute [" + source2.uuid() + "]"), e.getMessage());
  }

  @Test
  void theRootItselfCannotBeSubstituted() {
    assertThrows(OpValidationException.class, () -> OPERATION_A.subs(OPERATION_A, doubleSize(DATA_SOURCE_A, "TRIPLE")));
    assertThrows(OpValidationException.class, () -> OPERATION_A.subs(OPERATION_A, Map.of("power_level", "TRIPLE")));
  }

  @Test
  void replacingWithAnEqualOpKeepsTheUuidAndUsesTheReplacement() {
    SimpleDataSource source = source("source");
    var processing = ImmutableProcessingOp.builder().source(source).build();
    SimpleDataSource equivalent = source("source");
    ProcessingOp modified = processing.subs(source, equivalent);
    assertEquals(processing.uuid(), modified.uuid());
    assertSame(equivalent, modified.source());
  }

  @Test
  void parametersArePreserved() {
    SimpleDataSource source = source("source");
    var mixed = ImmutableMixedOp.builder().opField(source).nonOpField(Map.of("value", 42)).regularField("test").build();
    SimpleDataSource newSource = source("new_source");
    MixedOp modified = mixed.subs(source, newSource);
    assertSame(newSource, modified.opField());
    assertEquals(mixed.nonOpField(), modified.nonOpField());
    assertEquals("test", modified.regularField());
  }

  // --- static types: subs keeps the type it is called on ---

  @Test
  void subsKeepsTheStaticType() {
    Map<String, List<Object>> data = Map.of("text", List.of("a"), "label", List.of("x"));
    var train = ImmutableLoadInlineJsonDatasetOp.builder().data(data).build();
    LoadInlineJsonDatasetOp test = train.subs(Map.of("data", Map.of("text", List.of("b"), "label", List.of("y"))));
    TextColumn text = train.colText("text");
    // Each of these assignments must compile: TextColumn.subs returns a TextColumn.
    TextColumn testText = text.subs(train, test);
    TextColumn renamed = text.subs(Map.of("column_name", "label"));
    TextColumn viaNode = text.subs(train, Map.of("data", Map.of("text", List.of("c"))));
    TextColumn viaList = text.subs(List.of(Substitution.of(train, test)));
    for (TextColumn column : List.of(testText, renamed, viaNode, viaList)) {
      assertSame(ImmutableSelectTextColumnOp.class, column.getClass());
    }
    assertEquals(test.colText("text"), testText);
    assertEquals(train.colText("label"), renamed);

    BooleanColumn spam = train.colCategorical("label").isIn("spam");
    BooleanColumn testSpam = spam.subs(train, test);
    assertEquals(test.colCategorical("label").isIn("spam"), testSpam);
    Dataset dataset = train;
    Dataset sameDataset = dataset.subs(Map.of());
    assertEquals(train, sameDataset);
  }

  /**
   * On a generated class, {@code subs} returns the op interface; through the op interface it returns
   * the column type the op extends (an {@code @Op} interface cannot redeclare {@code subs}), while the
   * object is still the same generated class.
   */
  @Test
  void subsThroughTheOpInterfaceReturnsItsColumnType() {
    DatasetDoubleSize viaClass = OPERATION_A.subs(Map.of("power_level", "TRIPLE"));
    Dataset viaInterface = viaClass.subs(Map.of("power_level", "DOUBLE"));
    assertSame(ImmutableDatasetDoubleSize.class, viaInterface.getClass());
    assertEquals(OPERATION_A, viaInterface);
  }
}
