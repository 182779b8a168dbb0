package krnel.graph;

import static krnel.graph.testops.Fixtures.COMBINE_TWO;
import static krnel.graph.testops.Fixtures.DATA_SOURCE_A;
import static krnel.graph.testops.Fixtures.OPERATION_A;
import static krnel.graph.testops.Fixtures.chain;
import static krnel.graph.testops.Fixtures.nested;
import static krnel.graph.testops.Fixtures.processing;
import static krnel.graph.testops.Fixtures.source;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import krnel.graph.testops.ChainableOp;
import krnel.graph.testops.CombineOp;
import krnel.graph.testops.ImmutableCombineOp;
import krnel.graph.testops.ImmutableDictSourceOp;
import krnel.graph.testops.ImmutableLeafSpec;
import krnel.graph.testops.ImmutableMixedOp;
import krnel.graph.testops.ImmutableMixedSpec;
import krnel.graph.testops.LeafSpec;
import krnel.graph.testops.MixedOp;
import krnel.graph.testops.NestedOp;
import krnel.graph.testops.ProcessingOp;
import krnel.graph.testops.SimpleDataSource;
import org.junit.jupiter.api.Test;

/**
 * {@code dependencies()}, {@code Graph.dependencies} and {@code Graph.forEachInput}: the
 * get_dependencies / get_parents / map_fields tests of krnel-graph's tests/test_graph.py and
 * tests/test_graph_transformations.py, with the reference's exact orders (post-order, inputs in
 * field order, list and map elements in order, each op once, roots only when another root needs them).
 *
 * <p>Not ported: the {@code filter_type} argument (Java traverses ops only; a non-op value is a
 * parameter and can never hide an op, see {@link OpSpecTest#anOpInsideAParameterIsRejected}), and the
 * {@code include_names} paths of map_fields, which the Java API does not offer.
 */
class DependenciesTest {

  // --- test_graph.py ---

  @Test
  void directDependencies() {
    assertEquals(List.of(DATA_SOURCE_A), OPERATION_A.dependencies());
    assertEquals(List.of(), DATA_SOURCE_A.dependencies());
    assertEquals(List.of(), DATA_SOURCE_A.dependencies(true));
  }

  @Test
  void directDependenciesInFieldOrder() {
    LeafSpec pa = leaf("x");
    LeafSpec pb = leaf("y");
    CombineOp c = ImmutableCombineOp.builder().sources(List.of(pa, pb)).build();
    assertEquals(List.of(pa, pb), c.dependencies());
  }

  @Test
  void recursiveDependencies() {
    SimpleDataSource gp = source("z");
    ProcessingOp p = processing(gp, 2);
    ChainableOp c = chain(p, "child");
    assertEquals(List.of(p), c.dependencies());
    assertEquals(List.of(gp, p), c.dependencies(true));
    // COMBINE_TWO's two inputs share DATA_SOURCE_A, listed once, after the first op that needs it.
    assertEquals(List.of(DATA_SOURCE_A, COMBINE_TWO.opA(), COMBINE_TWO.opB()), COMBINE_TWO.dependencies(true));
  }

  // --- test_graph_transformations.py: get_dependencies ---

  @Test
  void singleLevel() {
    SimpleDataSource simple = source("test_source");
    assertEquals(List.of(simple), processing(simple, 3).dependencies(true));
  }

  @Test
  void recursiveAndNonRecursiveWithLists() {
    SimpleDataSource simple = source("test_source");
    ProcessingOp processing = processing(simple, 3);
    SimpleDataSource backup1 = source("backup1");
    SimpleDataSource backup2 = source("backup2");
    NestedOp nested = nested(processing, simple, List.of(backup1, backup2));
    assertEquals(List.of(simple, processing, backup1, backup2), nested.dependencies(true));
    assertEquals(List.of(processing, simple, backup1, backup2), nested.dependencies(false));
  }

  @Test
  void typeFiltering() {
    SimpleDataSource simple = source("test");
    MixedOp mixed = ImmutableMixedOp.builder()
        .opField(simple)
        .nonOpField(Map.of("value", 42))
        .regularField("test")
        .build();
    assertEquals(List.of(simple), mixed.dependencies(true));
    assertEquals(Map.of("non_op_field", Map.of("value", 42), "regular_field", "test"), mixed.parameters());
  }

  @Test
  void listFieldKeepsItsOrder() {
    SimpleDataSource simple = source("test_source");
    SimpleDataSource source2 = source("source2");
    CombineOp combine = ImmutableCombineOp.builder()
        .sources(List.of(simple, source2))
        .weights(Map.of("a", 1.0, "b", 2.0))
        .build();
    assertEquals(combine.sources(), combine.dependencies(true));
    assertEquals(List.of(source2, simple),
        ImmutableCombineOp.builder().sources(List.of(source2, simple)).build().dependencies(true));
  }

  @Test
  void repeatedInputIsListedOnce() {
    SimpleDataSource simple = source("s");
    CombineOp combine = ImmutableCombineOp.builder().sources(List.of(simple, simple)).build();
    assertEquals(List.of(simple), combine.dependencies());
    assertEquals(List.of(simple, simple), Graph.inputs(combine), "Graph.inputs keeps repeats");
  }

  @Test
  void mapFieldKeepsItsOrder() {
    Map<String, krnel.graph.testops.ExampleDataSource> map = new LinkedHashMap<>();
    map.put("zeta", krnel.graph.testops.Fixtures.example("z", "2023-01-01"));
    map.put("alpha", krnel.graph.testops.Fixtures.example("a", "2023-01-01"));
    var op = ImmutableDictSourceOp.builder().name("dict").sourceMap(map).build();
    assertEquals(List.copyOf(map.values()), op.dependencies());
  }

  @Test
  void multipleRootsBasic() {
    SimpleDataSource source1 = source("source1");
    SimpleDataSource source2 = source("source2");
    ProcessingOp processing1 = processing(source1, 2);
    ProcessingOp processing2 = processing(source2, 3);
    assertEquals(List.of(source1, source2), Graph.dependencies(List.of(processing1, processing2), true));
  }

  @Test
  void multipleRootsSharedDependencies() {
    SimpleDataSource shared = source("shared");
    assertEquals(List.of(shared), Graph.dependencies(List.of(processing(shared, 2), processing(shared, 3)), true));
  }

  @Test
  void multipleRootsComplex() {
    SimpleDataSource sourceA = source("source_a");
    SimpleDataSource sourceB = source("source_b");
    SimpleDataSource sourceC = source("source_c");
    ProcessingOp processing1 = processing(sourceA, 2);
    ProcessingOp processing2 = processing(sourceB, 3);
    NestedOp nested1 = nested(processing1, sourceC, List.of(sourceA));
    NestedOp nested2 = nested(processing2, sourceA, List.of(sourceB, sourceC));
    assertEquals(List.of(sourceA, processing1, sourceC, sourceB, processing2),
        Graph.dependencies(List.of(nested1, nested2), true));
  }

  @Test
  void multipleRootsExcludeRootsUnlessAnotherRootNeedsThem() {
    SimpleDataSource source1 = source("source1");
    SimpleDataSource source2 = source("source2");
    ProcessingOp processing1 = processing(source1, 2);
    ProcessingOp processing2 = processing(source2, 3);
    assertEquals(List.of(source1, source2), Graph.dependencies(List.of(processing1, processing2, source1), true));
  }

  @Test
  void multipleRootsNonRecursive() {
    SimpleDataSource sourceA = source("source_a");
    SimpleDataSource sourceB = source("source_b");
    ProcessingOp processing1 = processing(sourceA, 2);
    ProcessingOp processing2 = processing(sourceB, 3);
    NestedOp nested1 = nested(processing1, sourceB, List.of());
    NestedOp nested2 = nested(processing2, sourceA, List.of());
    assertEquals(List.of(processing1, sourceB), Graph.dependencies(List.of(nested1), false));
    assertEquals(List.of(processing1, sourceB, processing2, sourceA), Graph.dependencies(List.of(nested1, nested2), false));
  }

  @Test
  void multipleRootsEmptyAndSingle() {
    assertEquals(List.of(), Graph.dependencies(List.of(), true));
    SimpleDataSource source = source("source");
    assertEquals(List.of(source), Graph.dependencies(List.of(processing(source, 2)), true));
  }

  @Test
  void interRootBasic() {
    SimpleDataSource rootSource = source("root_source");
    ProcessingOp rootProcessing = processing(rootSource, 2);
    assertEquals(List.of(rootSource), Graph.dependencies(List.of(rootProcessing, rootSource), true));
  }

  @Test
  void interRootChain() {
    SimpleDataSource sourceA = source("source_a");
    SimpleDataSource sourceB = source("source_b");
    ProcessingOp processingB = processing(sourceB, 2);
    ProcessingOp processingA = processing(sourceA, 3);
    assertEquals(List.of(sourceA, sourceB), Graph.dependencies(List.of(processingA, processingB), true));
  }

  @Test
  void interRootComplexChain() {
    SimpleDataSource base = source("base");
    ProcessingOp processing1 = processing(base, 2);
    ChainableOp processing2 = chain(processing1, "chain");
    assertEquals(List.of(base, processing1), Graph.dependencies(List.of(processing2, processing1), true));
    // The order of the roots does not matter for what is listed, only for the order.
    assertEquals(List.of(base, processing1), Graph.dependencies(List.of(processing1, processing2), true));
  }

  @Test
  void interRootNestedStructure() {
    SimpleDataSource shared = source("shared");
    SimpleDataSource backup = source("backup");
    ProcessingOp processing = processing(shared, 2);
    NestedOp nested = nested(processing, shared, List.of(backup));
    assertEquals(List.of(shared, processing, backup), Graph.dependencies(List.of(nested, processing, shared), true));
  }

  @Test
  void interRootWithSharedDependencies() {
    SimpleDataSource sharedBase = source("shared_base");
    ProcessingOp processing1 = processing(sharedBase, 2);
    ChainableOp processing2 = chain(processing1, "chain");
    ProcessingOp processing3 = processing(sharedBase, 4);
    assertEquals(List.of(sharedBase, processing1),
        Graph.dependencies(List.of(processing2, processing1, processing3), true));
  }

  @Test
  void allOpsListsRootsLast() {
    SimpleDataSource base = source("base");
    ProcessingOp processing1 = processing(base, 2);
    ChainableOp processing2 = chain(processing1, "chain");
    SimpleDataSource other = source("other");
    assertEquals(List.of(base, processing1, processing2, other),
        Graph.allOps(List.of(processing2, processing1, other)));
  }

  // --- test_op_spec.py shapes, and map_fields: every input shape is visited, in order ---

  @Test
  void forEachInputVisitsEveryShapeInFieldOrder() {
    LeafSpec leaf = leaf("leaf");
    LeafSpec optional = leaf("optional");
    LeafSpec first = leaf("first");
    LeafSpec second = leaf("second");
    Map<String, LeafSpec> map = new LinkedHashMap<>();
    map.put("b", leaf("b"));
    map.put("a", leaf("a"));
    var mixed = ImmutableMixedSpec.builder().leaf(leaf).optionalLeaf(optional).leafList(List.of(first, second))
        .leafMap(map).description("d").build();
    List<OpSpec> visited = new ArrayList<>();
    Graph.forEachInput(mixed, visited::add);
    assertEquals(List.of(leaf, optional, first, second, map.get("b"), map.get("a")), visited);

    var withoutOptional = mixed.toBuilder().optionalLeaf(null).leafList(List.of()).leafMap(Map.of()).build();
    assertEquals(List.of(leaf), Graph.inputs(withoutOptional), "a null input and empty containers visit nothing");
  }

  @Test
  void dependenciesOfDistinctButEqualOpsCollapse() {
    // Two separately built, equal sources: one dependency (equality is by uuid).
    CombineOp combine = ImmutableCombineOp.builder().sources(List.of(source("s"), source("s"))).build();
    assertEquals(1, combine.dependencies(true).size());
    assertEquals(Set.of(source("s")), Set.copyOf(combine.dependencies(true)));
  }

  private static LeafSpec leaf(String value) {
    return ImmutableLeafSpec.builder().value(value).build();
  }
}
