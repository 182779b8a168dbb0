package krnel.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import krnel.graph.testops.ExcludedChild;
import krnel.graph.testops.ExcludedChildWithFields;
import krnel.graph.testops.ExcludedParent;
import krnel.graph.testops.ImmutableExcludedChild;
import krnel.graph.testops.ImmutableExcludedChildWithFields;
import krnel.graph.testops.ImmutableExcludedParent;
import krnel.graph.testops.ImmutableOpWithExcluded;
import krnel.graph.testops.ImmutableOpWithMultipleExcluded;
import krnel.graph.testops.OpWithExcluded;
import krnel.graph.testops.OpWithMultipleExcluded;
import krnel.ops.ImmutableLoadLocalParquetDatasetOp;
import krnel.ops.LoadLocalParquetDatasetOp;
import org.junit.jupiter.api.Test;

/**
 * {@code @ExcludeFromUuid}: the exclude_from_uuid tests of krnel-graph's tests/test_graph.py, plus
 * the inherited-accessor case that krnel-graph gets wrong (its §7.1: a subclass declaring its own
 * fields hashes the base's excluded field). Graph JSON keeping the field is tested in GraphJsonTest;
 * here, {@code forEachField} (what graph JSON writes) must still see it.
 */
class ExcludeFromUuidTest {

  @Test
  void excludedFieldDoesNotChangeTheUuid() {
    OpWithExcluded op1 = withExcluded("test", "cache1");
    OpWithExcluded op2 = withExcluded("test", "cache2");
    assertEquals(op1.uuid(), op2.uuid());
    assertNotEquals(op1.uuid(), withExcluded("different", "cache1").uuid());
    // Equality is that of the uuid, so ops differing only in an excluded field are equal.
    assertEquals(op1, op2);
    assertEquals("cache1", op1.cacheField(), "the value is still there");
  }

  @Test
  void excludedFieldIsInForEachFieldButNotInTheCanonicalJson() {
    OpWithExcluded op = withExcluded("test", "cached_value");
    Map<String, Object> fields = fields(op);
    assertEquals(Map.of("important_field", "test", "cache_field", "cached_value"), fields);
    assertEquals("{\"important_field\": \"test\", \"type\": \"OpWithExcluded\"}", op.canonicalJson());
    assertTrue(op.opType().field("cache_field").orElseThrow().excludedFromUuid());
    assertFalse(op.opType().field("important_field").orElseThrow().excludedFromUuid());
    assertEquals(fields, op.parameters(), "an excluded field is still a parameter");
  }

  @Test
  void severalExcludedFields() {
    OpWithMultipleExcluded op1 = ImmutableOpWithMultipleExcluded.builder()
        .data("important").cacheTtl(1800).lastAccess("2023-01-01").debugInfo("trace1").build();
    OpWithMultipleExcluded op2 = ImmutableOpWithMultipleExcluded.builder()
        .data("important").cacheTtl(7200).lastAccess("2023-12-31").debugInfo("trace2").build();
    assertEquals(op1.uuid(), op2.uuid());
    OpWithMultipleExcluded op3 = ImmutableOpWithMultipleExcluded.builder().data("different").build();
    assertNotEquals(op1.uuid(), op3.uuid());
    assertEquals(3600, op3.cacheTtl());
    assertEquals("{\"data\": \"important\", \"type\": \"OpWithMultipleExcluded\"}", op1.canonicalJson());
  }

  @Test
  void excludedFieldsOfInputsDoNotReachTheUuid() {
    ExcludedParent parent1 = parent("parent_data", "meta1");
    ExcludedParent parent2 = parent("parent_data", "meta2");
    assertEquals(parent1.uuid(), parent2.uuid());

    ExcludedChild child1 = child(parent1, "child", "cache1");
    ExcludedChild child2 = child(parent2, "child", "cache2");
    assertEquals(child1.uuid(), child2.uuid());
    assertNotEquals(child1.uuid(), child(parent1, "different", "cache1").uuid());
    assertEquals("meta2", ((ExcludedParent) child2.dependencies().get(0)).metadata());
  }

  /** Fixed in Java: krnel-graph reads exclusions from the most derived class only (reference §7.1). */
  @Test
  void inheritedExclusionSurvivesASubInterfaceWithItsOwnFields() {
    ExcludedChildWithFields a = ImmutableExcludedChildWithFields.builder().data("d").metadata("one").extra(1).build();
    ExcludedChildWithFields b = ImmutableExcludedChildWithFields.builder().data("d").metadata("two").extra(1).build();
    assertEquals(a.uuid(), b.uuid());
    assertNotEquals(a.uuid(), ImmutableExcludedChildWithFields.builder().data("d").metadata("one").extra(2).build().uuid());
    assertEquals("{\"data\": \"d\", \"extra\": 1, \"type\": \"ExcludedChildWithFields\"}", a.canonicalJson());
    assertTrue(a.opType().field("metadata").orElseThrow().excludedFromUuid());
    assertEquals("one", fields(a).get("metadata"));
  }

  @Test
  void builtInFilePathIsExcluded() {
    String sha = "0".repeat(64);
    LoadLocalParquetDatasetOp here = ImmutableLoadLocalParquetDatasetOp.builder().contentHash(sha).filePath("/a/x.parquet").build();
    LoadLocalParquetDatasetOp there = ImmutableLoadLocalParquetDatasetOp.builder().contentHash(sha).filePath("/b/y.parquet").build();
    assertEquals(here.uuid(), there.uuid());
    assertEquals(here.colText("text").uuid(), there.colText("text").uuid(), "transitively");
    assertEquals("/b/y.parquet", fields(there).get("file_path"));
  }

  @Test
  void substitutionKeepsExcludedValues() {
    var op = withExcluded("test", "cache1");
    OpWithExcluded changed = op.subs(Map.of("cache_field", "cache2"));
    assertEquals("cache2", changed.cacheField());
    assertEquals(op.uuid(), changed.uuid());
    assertEquals("cache1", op.subs(Map.of("important_field", "x")).cacheField());
  }

  private static ImmutableOpWithExcluded withExcluded(String important, String cache) {
    return ImmutableOpWithExcluded.builder().importantField(important).cacheField(cache).build();
  }

  private static ExcludedParent parent(String data, String metadata) {
    return ImmutableExcludedParent.builder().data(data).metadata(metadata).build();
  }

  private static ExcludedChild child(ExcludedParent parent, String data, String cache) {
    return ImmutableExcludedChild.builder().parent(parent).childData(data).childCache(cache).build();
  }

  private static Map<String, Object> fields(OpSpec op) {
    Map<String, Object> fields = new LinkedHashMap<>();
    op.forEachField((field, value) -> fields.put(field.name(), value));
    return fields;
  }
}
