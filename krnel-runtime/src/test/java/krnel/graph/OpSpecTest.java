package krnel.graph;

import static krnel.graph.testops.Fixtures.COMBINE_TWO;
import static krnel.graph.testops.Fixtures.COMBINE_TWO_UUID;
import static krnel.graph.testops.Fixtures.DATA_SOURCE_A;
import static krnel.graph.testops.Fixtures.DATA_SOURCE_A_CANONICAL;
import static krnel.graph.testops.Fixtures.DATA_SOURCE_A_UUID;
import static krnel.graph.testops.Fixtures.OPERATION_A;
import static krnel.graph.testops.Fixtures.OPERATION_A_UUID;
import static krnel.graph.testops.Fixtures.OPERATION_B;
import static krnel.graph.testops.Fixtures.OPERATION_B_UUID;
import static krnel.graph.testops.Fixtures.example;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import krnel.graph.testops.CombineOp;
import krnel.graph.testops.DatasetDoubleSize;
import krnel.graph.testops.ExampleDataSource;
import krnel.graph.testops.ImmutableCombineOp;
import krnel.graph.testops.ImmutableDatasetDoubleSize;
import krnel.graph.testops.ImmutableExampleDataSource;
import krnel.graph.testops.ImmutableLeafSpec;
import krnel.graph.testops.ImmutableMixedOp;
import krnel.graph.testops.ImmutableMixedSpec;
import krnel.graph.testops.LeafSpec;
import krnel.graph.testops.MixedSpec;
import krnel.ops.ImmutableJinjaTemplatizeOp;
import krnel.ops.ImmutableLoadInlineJsonDatasetOp;
import krnel.ops.ImmutableTakeRowsOp;
import krnel.ops.LoadInlineJsonDatasetOp;
import krnel.types.TextColumn;
import krnel.ops.TakeRowsOp;
import krnel.types.TextColumn;
import org.junit.jupiter.api.Test;

/**
 * The op value itself: golden uuids, canonical JSON, equality, immutability, builder errors and
 * parameters. Ports tests/test_graph.py (uuid and immutability tests) and tests/test_op_spec.py of
 * krnel-graph; graph (de)serialization is GraphJsonTest's.
 */
class OpSpecTest {

  // --- test_graph.py: uuids and canonical form ---

  @Test
  void goldenUuids() {
    assertEquals(DATA_SOURCE_A_UUID, DATA_SOURCE_A.uuid());
    assertEquals(OPERATION_A_UUID, OPERATION_A.uuid());
    assertEquals(OPERATION_B_UUID, OPERATION_B.uuid());
    assertEquals(COMBINE_TWO_UUID, COMBINE_TWO.uuid());
  }

  @Test
  void equalContentHasEqualUuid() {
    ExampleDataSource spec1 = example("test", "2023-01-01");
    ExampleDataSource spec2 = example("test", "2023-01-01");
    ExampleDataSource spec3 = example("bar", "2023-01-01");
    assertEquals(DATA_SOURCE_A_UUID, spec1.uuid());
    assertEquals(spec1.uuid(), spec2.uuid());
    assertNotEquals(spec1.uuid(), spec3.uuid());
  }

  /** test_op_spec_serialization: the hashed form has the type, every field, and inputs as uuids. */
  @Test
  void canonicalJsonWritesInputsAsUuidsAndDefaults() {
    assertEquals(DATA_SOURCE_A_CANONICAL, DATA_SOURCE_A.canonicalJson());
    assertEquals("{\"power_level\": \"DOUBLE\", \"source_dataset\": \"" + DATA_SOURCE_A_UUID
        + "\", \"type\": \"DatasetDoubleSize\"}", OPERATION_A.canonicalJson());
    assertEquals("{\"op_a\": \"" + OPERATION_A_UUID + "\", \"op_b\": \"" + OPERATION_B_UUID
        + "\", \"type\": \"CombineTwoOperations\"}", COMBINE_TWO.canonicalJson());
  }

  @Test
  void wireNameAndFieldsComeFromTheDeclaration() {
    assertEquals("DatasetDoubleSize", OPERATION_A.wireName());
    assertEquals(DatasetDoubleSize.class, OPERATION_A.opType().declaration());
    List<String> names = new ArrayList<>();
    OPERATION_A.forEachField((field, value) -> names.add(field.name()));
    assertEquals(List.of("power_level", "source_dataset"), names, "declaration order, not sorted");
    assertEquals(List.of("op_a", "op_b"), COMBINE_TWO.opType().fields().stream().map(FieldSpec::name).toList());
  }

  @Test
  void inheritedFieldsComeFirst() {
    TextColumn text = ImmutableLoadInlineJsonDatasetOp.builder().data(Map.of("text", List.of("a"))).build().colText("text");
    assertEquals(List.of("column_name", "dataset"), text.opType().fields().stream().map(FieldSpec::name).toList());
  }

  // --- equality ---

  @Test
  void equalityAndHashCodeAreThoseOfTheUuid() {
    ExampleDataSource again = example("test", "2023-01-01");
    assertTrue(again != DATA_SOURCE_A);
    assertEquals(DATA_SOURCE_A, again);
    assertEquals(DATA_SOURCE_A.hashCode(), again.hashCode());
    assertEquals(DATA_SOURCE_A_UUID.hashCode(), again.hashCode());
    assertNotEquals(DATA_SOURCE_A, example("test", "2023-01-02"));
    assertNotEquals(OPERATION_A, OPERATION_B);
    assertNotEquals(DATA_SOURCE_A, DATA_SOURCE_A_UUID, "an op never equals its uuid string");
    // Usable as set/map keys: equal content collapses.
    assertEquals(1, new java.util.HashSet<>(List.of(DATA_SOURCE_A, again)).size());
  }

  // --- immutability (test_op_spec_immutability; the reference's is shallow, see its §7.6) ---

  @Test
  void generatedClassesAreFinalWithFinalFields() {
    for (Class<?> type : List.of(ImmutableExampleDataSource.class, ImmutableDatasetDoubleSize.class, ImmutableCombineOp.class)) {
      assertTrue(Modifier.isFinal(type.getModifiers()), type + " is final");
      for (Field field : type.getDeclaredFields()) {
        if (!Modifier.isStatic(field.getModifiers())) {
          assertTrue(Modifier.isFinal(field.getModifiers()), field + " is final");
        }
      }
    }
    assertEquals("test", DATA_SOURCE_A.datasetName());
    assertEquals("2023-01-01", DATA_SOURCE_A.importDate());
  }

  @Test
  void collectionsAreDeeplyUnmodifiable() {
    List<Object> column = new ArrayList<>(List.of("a", "b"));
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("inner", new ArrayList<>(List.of(1, 2)));
    column.add(nested);
    Map<String, List<Object>> data = new LinkedHashMap<>();
    data.put("text", column);
    LoadInlineJsonDatasetOp ds = ImmutableLoadInlineJsonDatasetOp.builder().data(data).build();
    String uuid = ds.uuid();

    assertThrows(UnsupportedOperationException.class, () -> ds.data().put("x", List.of()));
    assertThrows(UnsupportedOperationException.class, () -> ds.data().get("text").add("c"));
    Map<?, ?> nestedCopy = (Map<?, ?>) ds.data().get("text").get(2);
    assertThrows(UnsupportedOperationException.class, () -> nestedCopy.clear());
    @SuppressWarnings("unchecked")
    List<Object> innerCopy = (List<Object>) nestedCopy.get("inner");
    assertThrows(UnsupportedOperationException.class, () -> innerCopy.set(0, 5));

    // The builder copied everything: mutating what was given changes nothing.
    column.add("d");
    ((List<Object>) nested.get("inner")).add(3);
    data.put("label", List.of("x"));
    assertEquals(List.of("text"), List.copyOf(ds.data().keySet()));
    assertEquals(3, ds.data().get("text").size());
    assertEquals(List.of(1, 2), innerCopy);
    assertEquals(uuid, ImmutableLoadInlineJsonDatasetOp.builder().data(ds.data()).build().uuid());
  }

  @Test
  void inputListsAndMapsAreCopied() {
    List<krnel.graph.OpSpec> sources = new ArrayList<>(List.of(DATA_SOURCE_A));
    CombineOp op = ImmutableCombineOp.builder().sources(sources).build();
    String uuid = op.uuid();
    sources.add(OPERATION_A);
    assertEquals(List.of(DATA_SOURCE_A), op.sources());
    assertThrows(UnsupportedOperationException.class, () -> op.sources().add(OPERATION_A));
    assertThrows(UnsupportedOperationException.class, () -> op.weights().put("a", 1.0));
    assertEquals(uuid, ImmutableCombineOp.builder().sources(List.of(DATA_SOURCE_A)).build().uuid());

    Map<String, LeafSpec> leaves = new HashMap<>(Map.of("a", leaf("x")));
    MixedSpec mixed = mixedSpec(leaf("x"), null, List.of(), leaves, "d", null);
    leaves.put("b", leaf("y"));
    assertEquals(1, mixed.leafMap().size());
    assertThrows(UnsupportedOperationException.class, () -> mixed.leafMap().remove("a"));
  }

  // --- withX, toBuilder ---

  @Test
  void withReturnsThisWhenNothingChanges() {
    ImmutableDatasetDoubleSize op = (ImmutableDatasetDoubleSize) OPERATION_A;
    assertSame(op, op.withPowerLevel("DOUBLE"));
    assertSame(op, op.withSourceDataset(example("test", "2023-01-01")), "an equal input is no change");
    ImmutableDatasetDoubleSize triple = op.withPowerLevel("TRIPLE");
    assertEquals(OPERATION_B_UUID, triple.uuid());
    assertEquals("DOUBLE", op.powerLevel(), "the original is untouched");

    ImmutableTakeRowsOp take = ImmutableTakeRowsOp.builder().dataset(DATA_SOURCE_A).build();
    assertSame(take, take.withOffset(0));
    assertSame(take, take.withNumRows(null));
    assertEquals(5, take.withNumRows(5).numRows());
  }

  @Test
  void toBuilderRebuildsAnEqualOp() {
    assertEquals(COMBINE_TWO, COMBINE_TWO.toBuilder().build());
    assertEquals(OPERATION_B, OPERATION_A.toBuilder().set("power_level", "TRIPLE").build());
  }

  // --- builder errors ---

  @Test
  void missingRequiredFieldNamesOpFieldAndSetter() {
    OpValidationException e = assertThrows(OpValidationException.class,
        () -> ImmutableExampleDataSource.builder().datasetName("test").build());
    assertEquals("ExampleDataSource.import_date is required and must not be null; set it with .importDate(...)",
        e.getMessage());

    e = assertThrows(OpValidationException.class, () -> ImmutableDatasetDoubleSize.builder().build());
    assertTrue(e.getMessage().startsWith("DatasetDoubleSize.source_dataset is required"), e.getMessage());
    assertTrue(e.getMessage().contains(".sourceDataset(...)"), e.getMessage());
  }

  @Test
  void nullElementInAnInputListIsAnError() {
    List<krnel.graph.OpSpec> sources = Arrays.asList(DATA_SOURCE_A, null);
    OpValidationException e = assertThrows(OpValidationException.class,
        () -> ImmutableCombineOp.builder().sources(sources).build());
    assertTrue(e.getMessage().startsWith("CombineOp.sources[1] is required"), e.getMessage());
  }

  @Test
  void wrongValueTypeThroughSetNamesOpFieldExpectedAndFound() {
    OpValidationException e = assertThrows(OpValidationException.class,
        () -> DATA_SOURCE_A.toBuilder().set("dataset_name", 5));
    assertEquals("ExampleDataSource.dataset_name: expected a string, got Integer 5", e.getMessage());

    e = assertThrows(OpValidationException.class, () -> OPERATION_A.toBuilder().set("source_dataset", OPERATION_B));
    assertEquals("DatasetDoubleSize.source_dataset: expected an op of type ExampleDataSource, got DatasetDoubleSize op",
        e.getMessage());

    e = assertThrows(OpValidationException.class,
        () -> ImmutableTakeRowsOp.builder().dataset(DATA_SOURCE_A).build().toBuilder().set("offset", 1.5));
    assertEquals("TakeRowsOp.offset: expected an integer, got Double 1.5", e.getMessage());

    e = assertThrows(OpValidationException.class,
        () -> ImmutableCombineOp.builder().set("weights", Map.of("a", "heavy")));
    assertEquals("CombineOp.weights[\"a\"]: expected a number, got String \"heavy\"", e.getMessage());
  }

  @Test
  void unknownFieldThroughSetListsTheValidOnes() {
    OpValidationException e = assertThrows(OpValidationException.class,
        () -> DATA_SOURCE_A.toBuilder().set("nonexistent_field", "x"));
    assertEquals("Invalid field names for ExampleDataSource: ['nonexistent_field']."
        + " Valid fields: ['dataset_name', 'import_date']", e.getMessage());
  }

  @Test
  void anOpInsideAParameterIsRejected() {
    Map<String, Object> nonOp = new LinkedHashMap<>();
    nonOp.put("value", 42);
    nonOp.put("hidden", DATA_SOURCE_A);
    OpValidationException e = assertThrows(OpValidationException.class,
        () -> ImmutableMixedOp.builder().opField(DATA_SOURCE_A).nonOpField(nonOp).regularField("r").build());
    assertTrue(e.getMessage().startsWith("MixedOp.non_op_field[\"hidden\"]: an op inside a parameter is not a graph edge"),
        e.getMessage());
  }

  @Test
  void checkMethodsRunAtBuild() {
    TextColumn text = ImmutableLoadInlineJsonDatasetOp.builder().data(Map.of("text", List.of("a"))).build().colText("text");
    Map<String, Object> constants = new LinkedHashMap<>();
    constants.put("name", "Bob");
    constants.put("age", 3);
    constants.put("city", "Paris");
    OpValidationException e = assertThrows(OpValidationException.class, () -> ImmutableJinjaTemplatizeOp.builder()
        .template("{{name}} {{age}}")
        .context(Map.of("name", text, "age", text))
        .constants(constants)
        .build());
    assertTrue(e.getMessage().contains("Key collision detected between context and constants: ['age', 'name']"),
        e.getMessage());
    assertTrue(e.getMessage().startsWith("JinjaTemplatizeOp"), e.getMessage());
  }

  // --- test_op_spec.py: parameters ---

  @Test
  void parametersExcludeEveryShapeOfInput() {
    LeafSpec leaf = leaf("foo");
    MixedSpec mixed = mixedSpec(leaf, null, List.of(leaf), Map.of("a", leaf), "example", 3);
    assertEquals(Map.of("description", "example", "retries", 3), mixed.parameters());
    assertEquals(List.of("description", "retries"), List.copyOf(mixed.parameters().keySet()));
  }

  @Test
  void parametersIncludeDefaultsAndNulls() {
    LeafSpec leaf = leaf("bar");
    MixedSpec mixed = mixedSpec(leaf, leaf, List.of(leaf), Map.of("b", leaf), "with-names", null);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("description", "with-names");
    expected.put("retries", null);
    assertEquals(expected, mixed.parameters());
    assertNull(mixed.retries());

    assertEquals(Map.of("power_level", "DOUBLE"), OPERATION_A.parameters(), "defaults are parameters too");
    assertEquals(Map.of(), COMBINE_TWO.parameters());
    assertThrows(UnsupportedOperationException.class, () -> OPERATION_A.parameters().put("x", 1));
  }

  @Test
  void fieldSpecsDescribeEdgesAndParameters() {
    Map<String, FieldSpec.Kind> kinds = new LinkedHashMap<>();
    ImmutableMixedSpec.TYPE.fields().forEach(f -> kinds.put(f.name(), f.kind()));
    assertEquals(Map.of(
        "leaf", FieldSpec.Kind.INPUT,
        "optional_leaf", FieldSpec.Kind.INPUT,
        "leaf_list", FieldSpec.Kind.INPUT_LIST,
        "leaf_map", FieldSpec.Kind.INPUT_MAP,
        "description", FieldSpec.Kind.PARAMETER,
        "retries", FieldSpec.Kind.PARAMETER), kinds);
    assertTrue(ImmutableMixedSpec.TYPE.field("optional_leaf").orElseThrow().nullable());
    assertTrue(ImmutableDatasetDoubleSize.TYPE.field("power_level").orElseThrow().hasDefault());
  }

  @Test
  void ephemeralComesFromTheDeclaration() {
    TakeRowsOp take = ImmutableTakeRowsOp.builder().dataset(DATA_SOURCE_A).build();
    assertTrue(take.isEphemeral());
    assertTrue(!DATA_SOURCE_A.isEphemeral());
    assertInstanceOf(ImmutableTakeRowsOp.class, take);
  }

  private static LeafSpec leaf(String value) {
    return ImmutableLeafSpec.builder().value(value).build();
  }

  private static MixedSpec mixedSpec(LeafSpec leaf, LeafSpec optional, List<LeafSpec> list, Map<String, LeafSpec> map,
      String description, Integer retries) {
    return ImmutableMixedSpec.builder().leaf(leaf).optionalLeaf(optional).leafList(list).leafMap(map)
        .description(description).retries(retries).build();
  }

  @Test
  void anExplicitNullIsRejectedRatherThanReplacedByTheDefault() {
    // Python rejects {"device": null}; silently reading it as "auto" would hide a corrupted graph.
    TextColumn text = DATA_SOURCE_A.colText("text");
    OpValidationException e = assertThrows(OpValidationException.class, () ->
        text.llmLayerActivations("hf:gpt2", -1, o -> o.device(null)));
    assertEquals("LLMLayerActivationsOp.device is required and must not be null; set it with .device(...)", e.getMessage());
    assertEquals("auto", text.llmLayerActivations("hf:gpt2", -1).device());
  }
}
