package krnel.impl;

import static krnel.impl.ImplTesting.columnNames;
import static krnel.impl.ImplTesting.data;
import static krnel.impl.ImplTesting.fails;
import static krnel.impl.ImplTesting.listOf;
import static krnel.impl.ImplTesting.rowCount;
import static krnel.impl.ImplTesting.type;
import static krnel.impl.ImplTesting.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import krnel.ops.BooleanLogicOp;
import krnel.ops.CategoryToBooleanOp;
import krnel.ops.GroupedOp;
import krnel.ops.ImmutableCategoryToBooleanOp;
import krnel.ops.ImmutableGroupedOp;
import krnel.ops.LoadInlineJsonDatasetOp;
import krnel.ops.TakeRowsOp;
import krnel.runner.OpFailedException;
import krnel.runner.Runner;
import krnel.types.BooleanColumn;
import krnel.types.CategoricalColumn;
import krnel.types.Dataset;
import krnel.types.ScoreColumn;
import krnel.types.TextColumn;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reference's test_local_arrow_runner.py, ported: dataset loading, selection and row ops. */
class DatasetOpsTest {
  private Runner runner;

  @BeforeEach
  void open() {
    runner = Runner.memory();
  }

  @AfterEach
  void close() {
    runner.close(); // also checks that no Arrow memory leaked
  }

  private LoadInlineJsonDatasetOp sample() {
    return runner.fromInlineDataset(data(
        "id", List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
        "value", List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j")));
  }

  private LoadInlineJsonDatasetOp multiColumn() {
    return runner.fromInlineDataset(data(
        "text_col", List.of("hello", "world", "test", "data"),
        "numeric_col", List.of(1.0, 2.5, 3.7, 4.2),
        "int_col", List.of(10, 20, 30, 40),
        "bool_col", List.of(true, false, true, false),
        "category_col", List.of("A", "B", "A", "C")));
  }

  private LoadInlineJsonDatasetOp empty() {
    return runner.fromInlineDataset(data("id", List.of(), "value", List.of()));
  }

  private LoadInlineJsonDatasetOp singleRow() {
    return runner.fromInlineDataset(data("id", List.of(42), "message", List.of("single_row")));
  }

  // ------------------------------------------------------------------ TakeRowsOp

  @Test
  void takeRowsWithSkipOnly() {
    TakeRowsOp op = sample().take(o -> o.skip(2));
    assertEquals(List.of(0L, 2L, 4L, 6L, 8L), values(runner, op, "id"));
    assertEquals(List.of("a", "c", "e", "g", "i"), values(runner, op, "value"));
  }

  @Test
  void takeRowsWithOffsetOnly() {
    TakeRowsOp op = sample().take(o -> o.offset(3));
    assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 8L, 9L), values(runner, op, "id"));
    assertEquals(List.of("d", "e", "f", "g", "h", "i", "j"), values(runner, op, "value"));
  }

  @Test
  void takeRowsWithSkipAndOffset() {
    TakeRowsOp op = sample().take(o -> o.skip(2).offset(1));
    assertEquals(List.of(1L, 3L, 5L, 7L, 9L), values(runner, op, "id"));
    assertEquals(List.of("b", "d", "f", "h", "j"), values(runner, op, "value"));
  }

  @Test
  void takeRowsWithSkipOffsetAndNumRows() {
    TakeRowsOp op = sample().take(o -> o.skip(2).offset(1).numRows(3));
    assertEquals(List.of(1L, 3L, 5L), values(runner, op, "id"));
    assertEquals(List.of("b", "d", "f"), values(runner, op, "value"));
  }

  @Test
  void takeRowsOffsetAtOrBeyondTheEndIsEmpty() {
    assertEquals(0, rowCount(runner, sample().take(o -> o.offset(15))));
    assertEquals(0, rowCount(runner, sample().take(o -> o.offset(10))));
    assertEquals(List.of("id", "value"), columnNames(runner, sample().take(o -> o.offset(10))));
  }

  @Test
  void takeRowsFollowsPythonSlices() {
    assertEquals(List.of(0L, 1L, 2L), values(runner, sample().take(3), "id"));
    assertEquals(List.of(8L, 9L), values(runner, sample().take(o -> o.offset(-2)), "id"));
    assertEquals(List.of(9L, 6L, 3L, 0L), values(runner, sample().take(o -> o.offset(-1).skip(-3)), "id"));
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L), values(runner, sample().take(o -> o.numRows(-2)), "id"));
    assertArrayEquals(new int[] {}, TakeRowsImplementation.rows(0, 0, 1, null));
    fails(runner, sample().take(o -> o.skip(0)), "TakeRowsOp", "skip", "must not be 0");
  }

  @Test
  void takeRowsOfNestedColumns() {
    Dataset ds = runner.fromInlineDataset(data(
        "v", List.of(List.of(1.0, 2.0), List.of(3.0), List.of()),
        "s", listOf(Map.of("a", 1), null, Map.of("a", 3, "b", "x"))));
    TakeRowsOp op = ds.take(o -> o.skip(2));
    assertEquals(List.of(List.of(1.0, 2.0), List.of()), values(runner, op, "v"));
    assertEquals(listOf(map("a", 1L, "b", null), map("a", 3L, "b", "x")), values(runner, op, "s"));
  }

  // ------------------------------------------------------------------ LoadInlineJsonDatasetOp

  @Test
  void fromListBasicConversion() {
    Dataset op = runner.fromInlineDataset(data("name", List.of("Alice", "Bob", "Charlie"), "age", List.of(25, 30, 35)));
    assertEquals(List.of("Alice", "Bob", "Charlie"), values(runner, op, "name"));
    assertEquals(List.of(25L, 30L, 35L), values(runner, op, "age"));
    assertEquals(3, rowCount(runner, op));
    assertEquals(List.of("name", "age"), columnNames(runner, op));
  }

  @Test
  void fromListMixedDataTypes() {
    LoadInlineJsonDatasetOp op = multiColumn();
    assertEquals(List.of("hello", "world", "test", "data"), values(runner, op, "text_col"));
    assertEquals(ArrowType.Utf8.INSTANCE, type(runner, op, "text_col"));
    assertEquals(List.of(1.0, 2.5, 3.7, 4.2), values(runner, op, "numeric_col"));
    assertEquals(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), type(runner, op, "numeric_col"));
    assertEquals(List.of(10L, 20L, 30L, 40L), values(runner, op, "int_col"));
    assertEquals(new ArrowType.Int(64, true), type(runner, op, "int_col"));
    assertEquals(List.of(true, false, true, false), values(runner, op, "bool_col"));
    assertEquals(ArrowType.Bool.INSTANCE, type(runner, op, "bool_col"));
    assertEquals(ArrowType.Utf8.INSTANCE, type(runner, op, "category_col"));
    assertEquals(4, rowCount(runner, op));
    assertEquals(5, columnNames(runner, op).size());
  }

  @Test
  void fromListInfersNestedTypesLikePyarrow() {
    Dataset op = runner.fromInlineDataset(data(
        "ints_then_floats", List.of(1, 2.5, 3),
        "int_lists", List.of(List.of(1, 2), List.of(3), List.of()),
        "mixed_lists", listOf(List.of(1, 2), null, List.of(0.5)),
        "structs", listOf(Map.of("a", 1), Map.of("b", List.of("x")), null)));
    assertEquals(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), type(runner, op, "ints_then_floats"));
    assertEquals(List.of(1.0, 2.5, 3.0), values(runner, op, "ints_then_floats"));
    assertEquals(List.of(List.of(1L, 2L), List.of(3L), List.of()), values(runner, op, "int_lists"));
    assertEquals(listOf(List.of(1.0, 2.0), null, List.of(0.5)), values(runner, op, "mixed_lists"));
    assertEquals(listOf(map("a", 1L, "b", null), map("a", null, "b", List.of("x")), null), values(runner, op, "structs"));
    assertEquals(ArrowType.Struct.INSTANCE, type(runner, op, "structs"));
  }

  @Test
  void fromListSpecialValues() {
    Dataset op = runner.fromInlineDataset(data(
        "strings", List.of("normal", "", "test"),
        "numbers", List.of(1, 0, -5),
        "floats", List.of(1.5, Double.POSITIVE_INFINITY, Double.NaN),
        "nulls", listOf("x", null, null)));
    assertEquals(List.of("normal", "", "test"), values(runner, op, "strings"));
    assertEquals(List.of(1L, 0L, -5L), values(runner, op, "numbers"));
    assertEquals(List.of(1.5, Double.POSITIVE_INFINITY, Double.NaN), values(runner, op, "floats"));
    assertEquals(listOf("x", null, null), values(runner, op, "nulls"));
  }

  @Test
  void fromListEmptyDataset() {
    LoadInlineJsonDatasetOp op = empty();
    assertEquals(0, rowCount(runner, op));
    assertEquals(List.of("id", "value"), columnNames(runner, op));
  }

  @Test
  void fromListSingleRow() {
    LoadInlineJsonDatasetOp op = singleRow();
    assertEquals(List.of(42L), values(runner, op, "id"));
    assertEquals(List.of("single_row"), values(runner, op, "message"));
    assertEquals(1, rowCount(runner, op));
  }

  @Test
  void fromListMismatchedLengths() {
    Dataset op = runner.fromInlineDataset(data("short", List.of(1, 2), "long", List.of(1, 2, 3, 4)));
    OpFailedException e = fails(runner, op, "LoadInlineJsonDatasetOp", "data", "'long' has 4 values", "'short' has 2",
        "same length");
    assertEquals(op.uuid(), e.uuid());
  }

  @Test
  void fromListMixedTypesInOneColumn() {
    fails(runner, runner.fromInlineDataset(data("x", List.of(1, "a"))), "data", "column 'x'", "row 1",
        "string", "int64");
    fails(runner, runner.fromInlineDataset(data("x", List.of(true, 1))), "row 1", "int64", "bool");
    fails(runner, runner.fromInlineDataset(data("x", List.of(Map.of("a", 1), Map.of("a", "s")))), "row 1.a");
  }

  // ------------------------------------------------------------------ column selection

  @Test
  void selectColumnBasic() {
    TextColumn op = multiColumn().colText("text_col");
    assertEquals(List.of("hello", "world", "test", "data"), values(runner, op));
    assertEquals(List.of("hello", "world", "test", "data"), runner.toStrings(op));
  }

  @Test
  void selectVectorColumn() {
    Dataset ds = runner.fromInlineDataset(data(
        "embeddings", List.of(List.of(1.0, 2.0, 3.0), List.of(4.0, 5.0, 6.0), List.of(7.0, 8.0, 9.0)),
        "labels", List.of("A", "B", "C")));
    var op = ds.colVector("embeddings");
    assertEquals(List.of(List.of(1.0, 2.0, 3.0), List.of(4.0, 5.0, 6.0), List.of(7.0, 8.0, 9.0)), values(runner, op));
    float[][] matrix = runner.toFloatMatrix(op);
    assertArrayEquals(new float[] {4f, 5f, 6f}, matrix[1]);
  }

  @Test
  void selectJsonColumns() {
    Dataset ds = runner.fromInlineDataset(data(
        "conversation", List.of(
            List.of(Map.of("role", "user", "content", "hi"), Map.of("role", "assistant", "content", "hello")),
            List.of(Map.of("role", "user", "content", "weather?"),
                Map.of("role", "assistant", "tool_calls", List.of(Map.of("name", "forecast"))))),
        "meta", List.of(Map.of("source", Map.of("name", "a", "version", 1)), Map.of("source", Map.of("name", "b")))));
    List<Object> conversations = values(runner, ds.colConversation("conversation"));
    assertEquals(map("role", "user", "content", "hi", "tool_calls", null), ((List<?>) conversations.get(0)).get(0));
    assertEquals(map("role", "assistant", "content", null, "tool_calls", List.of(Map.of("name", "forecast"))),
        ((List<?>) conversations.get(1)).get(1));
    List<Object> meta = values(runner, ds.colJson("meta"));
    assertEquals(map("source", map("name", "b", "version", null)), meta.get(1));
  }

  @Test
  void selectCategoricalTrainTestSplitAndScoreColumns() {
    Dataset ds = runner.fromInlineDataset(data(
        "split", List.of("train", "test", "train", "test"), "data", List.of(1.0, 2.0, 3.0, 4.0)));
    assertEquals(List.of("A", "B", "A", "C"), values(runner, multiColumn().colCategorical("category_col")));
    assertEquals(List.of("train", "test", "train", "test"), values(runner, ds.colTrainTestSplit("split")));
    assertEquals(List.of(1.0, 2.0, 3.0, 4.0), values(runner, ds.colScore("data")));
    assertArrayEquals(new double[] {10, 20, 30, 40}, runner.toDoubleArray(multiColumn().colScore("int_col")));
  }

  @Test
  void selectNonexistentColumnListsTheColumns() {
    OpFailedException e = fails(runner, multiColumn().colText("nonexistent_column"), "SelectTextColumnOp",
        "column_name", "no column 'nonexistent_column'", "[text_col, numeric_col, int_col, bool_col, category_col]");
    assertEquals(multiColumn().colText("nonexistent_column").uuid(), e.uuid());
  }

  @Test
  void selectColumnOfTheWrongType() {
    fails(runner, multiColumn().colScore("text_col"), "SelectScoreColumnOp", "column_name", "'text_col'", "Utf8",
        "score column", "colText");
    fails(runner, multiColumn().colBoolean("int_col"), "SelectBooleanColumnOp", "'int_col'", "boolean column",
        "colScore");
    fails(runner, multiColumn().colText("bool_col"), "SelectTextColumnOp", "'bool_col'", "colBoolean");
    fails(runner, multiColumn().colVector("numeric_col"), "SelectVectorColumnOp", "vector column");
    fails(runner, multiColumn().colCategorical("int_col"), "SelectCategoricalColumnOp", "label column");
    fails(runner, multiColumn().colTrainTestSplit("numeric_col"), "SelectTrainTestSplitColumnOp");
    Dataset ds = runner.fromInlineDataset(data("words", List.of(List.of("a"), List.of("b"))));
    fails(runner, ds.colVector("words"), "SelectVectorColumnOp", "list of numbers");
    // JSON columns take anything
    assertEquals(List.of(10L, 20L, 30L, 40L), values(runner, multiColumn().colJson("int_col")));
  }

  @Test
  void selectColumnOfAnEmptyDatasetFitsEveryType() {
    assertEquals(List.of(), values(runner, empty().colText("id")));
    assertEquals(List.of(), values(runner, empty().colBoolean("id")));
    assertEquals(List.of(), values(runner, empty().colScore("value")));
    assertEquals(List.of(), values(runner, empty().colVector("value")));
    assertEquals(0, runner.toDoubleArray(empty().colScore("value")).length);
  }

  @Test
  void selectColumnSingleRowAndDifferentTypes() {
    assertEquals(List.of("single_row"), values(runner, singleRow().colText("message")));
    Dataset ds = runner.fromInlineDataset(data(
        "integers", List.of(1, 2, 3), "floats", List.of(1.1, 2.2, 3.3), "booleans", List.of(true, false, true),
        "strings", List.of("a", "b", "c")));
    assertEquals(List.of(1L, 2L, 3L), values(runner, ds.colScore("integers")));
    assertEquals(List.of(1.1, 2.2, 3.3), values(runner, ds.colScore("floats")));
    assertEquals(List.of(true, false, true), values(runner, ds.colBoolean("booleans")));
    assertArrayEquals(new boolean[] {true, false, true}, runner.toBooleanArray(ds.colBoolean("booleans")));
  }

  @Test
  void selectBooleanColumn() {
    Dataset ds = runner.fromInlineDataset(data("flags", List.of(true, false, true, false, true), "values",
        List.of(1, 2, 3, 4, 5)));
    assertEquals(List.of(true, false, true, false, true), values(runner, ds.colBoolean("flags")));
    Dataset emptyBool = runner.fromInlineDataset(data("bool_col", List.of(), "value", List.of()));
    assertEquals(List.of(), values(runner, emptyBool.colBoolean("bool_col")));
    Dataset single = runner.fromInlineDataset(data("single_bool", List.of(true), "other", List.of("test")));
    assertEquals(List.of(true), values(runner, single.colBoolean("single_bool")));
  }

  @Test
  void parseJsonColumn() {
    Dataset ds = runner.fromInlineDataset(data("raw", listOf(
        "{\"name\": \"a\", \"tags\": [1, 2]}", "{\"name\": \"b\", \"score\": 0.5}", null, "{\"x\": NaN}")));
    List<Object> parsed = values(runner, ds.colText("raw").parseJson());
    assertEquals(map("name", "a", "tags", List.of(1L, 2L), "score", null, "x", null), parsed.get(0));
    assertEquals(map("name", "b", "tags", null, "score", 0.5, "x", null), parsed.get(1));
    assertEquals(null, parsed.get(2));
    assertTrue(Double.isNaN((Double) ((Map<?, ?>) parsed.get(3)).get("x")));

    Dataset bad = runner.fromInlineDataset(data("raw", List.of("{\"ok\": 1}", "{not json")));
    fails(runner, bad.colText("raw").parseJson(), "ParseJSONColumnOp", "text", "Failed to parse JSON string",
        "row 1", "'{not json'");
    Dataset trailing = runner.fromInlineDataset(data("raw", List.of("1 2")));
    fails(runner, trailing.colText("raw").parseJson(), "Failed to parse JSON string", "row 0");
    Dataset mixed = runner.fromInlineDataset(data("raw", List.of("{\"a\": 1}", "[1]")));
    fails(runner, mixed.colText("raw").parseJson(), "ParseJSONColumnOp", "row 1", "one Arrow type");
  }

  // ------------------------------------------------------------------ vectors and scores

  @Test
  void vectorToScalar() {
    Dataset ds = runner.fromInlineDataset(data("v", List.of(List.of(0.1, 0.2, 0.3), List.of(0.4, 0.5, 0.6),
        List.of(0.7, 0.8, 0.9))));
    assertEquals(List.of(0.2, 0.5, 0.8), values(runner, ds.colVector("v").col(1)));
    fails(runner, ds.colVector("v").col(3), "VectorToScalarOp", "col_index", "col_index 3 out of bounds for shortest vector length 3.");
    fails(runner, ds.colVector("v").col(-1), "col_index must be non-negative; got -1.");
  }

  @Test
  void pairwiseArithmetic() {
    Dataset ds = runner.fromInlineDataset(data("a", List.of(1.0, 2.0, 3.0, 0.0), "b", List.of(4, 5, 0, 0)));
    ScoreColumn a = ds.colScore("a");
    ScoreColumn b = ds.colScore("b");
    assertArrayEquals(new double[] {5, 7, 3, 0}, runner.toDoubleArray(a.plus(b)));
    assertArrayEquals(new double[] {-3, -3, 3, 0}, runner.toDoubleArray(a.minus(b)));
    assertArrayEquals(new double[] {4, 10, 0, 0}, runner.toDoubleArray(a.times(b)));
    double[] quotient = runner.toDoubleArray(a.div(b));
    assertEquals(0.25, quotient[0]);
    assertEquals(0.4, quotient[1]);
    assertEquals(Double.POSITIVE_INFINITY, quotient[2]);
    assertTrue(Double.isNaN(quotient[3]));
    assertEquals(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), type(runner, a.plus(b), a.plus(b).uuid()));
  }

  @Test
  void pairwiseArithmeticMismatchedLengths() {
    Dataset one = runner.fromInlineDataset(data("a", List.of(1.0, 2.0, 3.0)));
    Dataset other = runner.fromInlineDataset(data("a", List.of(1.0, 2.0)));
    fails(runner, one.colScore("a").plus(other.colScore("a")), "PairwiseArithmeticOp",
        "Score column shapes must match; got (3,) and (2,).");
  }

  // ------------------------------------------------------------------ row ids

  @Test
  void rowIdsAreDerivedFromContent() {
    Dataset ds = runner.fromInlineDataset(data("names", List.of("A", "B", "C"), "scores", List.of(0.1, 0.2, 0.3)));
    List<Object> ids = values(runner, ds.assignRowId());
    assertEquals(3, ids.size());
    assertEquals(3, new HashSet<>(ids).size());
    for (Object id : ids) {
      assertTrue(((String) id).matches("uid_[0-9a-f]{32}"), () -> "id " + id);
    }
    // golden: sha256('{"names": "A", "scores": 0.1}' + "\n0"), first 128 bits
    assertEquals("uid_" + sha256("{\"names\": \"A\", \"scores\": 0.1}\n0").substring(0, 32), ids.get(0));
    // a row's id does not depend on its position
    Dataset reordered = runner.fromInlineDataset(data("scores", List.of(0.3, 0.1), "names", List.of("C", "A")));
    assertEquals(List.of(ids.get(2), ids.get(0)), values(runner, reordered.assignRowId()));
  }

  @Test
  void rowIdsOfEmptyAndSingleRowDatasets() {
    assertEquals(List.of(), values(runner, runner.fromInlineDataset(data("empty_col", List.of())).assignRowId()));
    List<Object> single = values(runner, runner.fromInlineDataset(data("single_value", List.of("test"))).assignRowId());
    assertEquals(1, single.size());
  }

  @Test
  void rowIdsAreDeterministicAndDifferForDifferentData() {
    Map<String, List<?>> data = data("values", List.of("apple", "banana", "cherry"), "numbers", List.of(1, 2, 3));
    List<Object> first = values(runner, runner.fromInlineDataset(data).assignRowId());
    try (Runner other = Runner.memory()) {
      assertEquals(first, values(other, other.fromInlineDataset(data).assignRowId()));
    }
    List<Object> a = values(runner, runner.fromInlineDataset(
        data("values", List.of("apple", "banana"), "numbers", List.of(1, 2))).assignRowId());
    List<Object> b = values(runner, runner.fromInlineDataset(
        data("values", List.of("cherry", "date"), "numbers", List.of(3, 4))).assignRowId());
    assertNotEquals(a, b);
    assertEquals(2, a.size());
    assertEquals(2, b.size());
    // ints and floats are different values, as in Python's JSON
    List<Object> floats = values(runner, runner.fromInlineDataset(
        data("values", List.of("apple", "banana"), "numbers", List.of(1.0, 2.0))).assignRowId());
    assertNotEquals(a, floats);
  }

  @Test
  void rowIdsAreUniqueOverALargerDatasetWithRepeats() {
    List<Integer> index = IntStream.range(0, 100).boxed().collect(Collectors.toList());
    Dataset ds = runner.fromInlineDataset(data(
        "index", index,
        "text", index.stream().map(i -> "item_" + i).collect(Collectors.toList()),
        "flag", index.stream().map(i -> i % 2 == 0).collect(Collectors.toList())));
    assertEquals(100, new HashSet<>(values(runner, ds.assignRowId())).size());
    Dataset repeats = runner.fromInlineDataset(data("text", List.of("same", "same", "same")));
    assertEquals(3, new HashSet<>(values(runner, repeats.assignRowId())).size());
  }

  // ------------------------------------------------------------------ CategoryToBooleanOp

  private CategoricalColumn categories(Object... values) {
    return runner.fromInlineDataset(data("categories", listOf(values))).colCategorical("categories");
  }

  @Test
  void categoryToBooleanBasic() {
    assertEquals(List.of(true, false, true, false),
        values(runner, categories("yes", "no", "yes", "no").isIn(List.of("yes"), List.of("no"))));
    assertEquals(List.of(true, false, true, false),
        values(runner, categories("positive", "negative", "positive", "neutral").isIn("positive")));
    assertEquals(List.of(true, true, false, false, true, true), values(runner,
        categories("yes", "true", "no", "false", "yes", "true").isIn(List.of("yes", "true"), List.of("no", "false"))));
  }

  @Test
  void categoryToBooleanEmptyDataset() {
    assertEquals(List.of(), values(runner, empty().colCategorical("value").isIn("a")));
    assertEquals(List.of(), values(runner, categories().notIn("no")));
  }

  @Test
  void categoryToBooleanUnknownCategoriesFail() {
    fails(runner, categories("yes", "no", "maybe", "unknown").isIn(List.of("yes"), List.of("no")),
        "CategoryToBooleanOp", "true_values", "The set of actual values in the category column, "
            + "{'maybe', 'no', 'unknown', 'yes'}, must be a subset of true_values.union(false_values), {'no', 'yes'}.");
  }

  @Test
  void categoryToBooleanOnlyFalseValues() {
    assertEquals(List.of(false, true, false, true, true),
        values(runner, categories("negative", "positive", "negative", "neutral", "positive").notIn("negative")));
    assertEquals(List.of(false, true, false, true, true, false),
        values(runner, categories("no", "yes", "false", "true", "maybe", "no").notIn("no", "false")));
    assertEquals(List.of(true, true, false, true, true, true),
        values(runner, categories("No", "NO", "no", "Yes", "YES", "yes").notIn("no")));
    assertEquals(List.of(false, true, false, false, true),
        values(runner, categories("bad", "good", "bad", "terrible", "good").notIn("bad", "terrible", "bad")));
    var split = runner.fromInlineDataset(data("split", List.of("train", "test", "validation", "train", "test")))
        .colTrainTestSplit("split");
    assertEquals(List.of(true, false, false, true, false), values(runner, split.notIn("test", "validation")));
  }

  @Test
  void categoryToBooleanInvalidSpecifications() {
    CategoricalColumn column = categories("a", "b", "c");
    CategoryToBooleanOp neither = ImmutableCategoryToBooleanOp.builder().inputCategory(column).build();
    fails(runner, neither, "At least one of true_values or false_values must be provided.");
    fails(runner, column.notIn(List.of()), "false_values", "false_values list is empty.");
    fails(runner, column.isIn(List.of()), "true_values", "true_values list is empty.");
    fails(runner, column.isIn(List.of("a"), List.of()), "false_values list is empty.");
  }

  @Test
  void categoryToBooleanIsInIsSortedAndDeduplicated() {
    CategoricalColumn column = categories("yes", "no");
    assertEquals(column.isIn("a", "b", "c").uuid(), column.isIn("c", "a", "b").uuid());
  }

  @Test
  void categoryToBooleanOnTextColumns() {
    Dataset ds = runner.fromInlineDataset(data(
        "text", List.of("spam", "ham", "spam", "Spam", "eggs"), "n", List.of(1, 2, 3, 4, 5)));
    TextColumn text = ds.colText("text");
    assertEquals(List.of(true, false, true, false, false), values(runner, text.isIn("spam")));
    assertEquals(List.of(false, true, false, true, true), values(runner, text.notIn("spam")));
    assertEquals(List.of(true, true, true, false, false), values(runner, text.isIn("spam", "ham")));
    assertEquals(List.of(true, false, true, false, false), values(runner, text.isIn(List.of("spam"), List.of("ham", "Spam", "eggs"))));
    fails(runner, text.isIn(List.of("spam"), List.of("ham")), "must be a subset", "'Spam'", "'eggs'");
    assertEquals(List.of(), values(runner, runner.fromInlineDataset(data("text", List.of())).colText("text").isIn("x")));
    assertEquals(List.of(true), values(runner, runner.fromInlineDataset(data("t", List.of("x"))).colText("t").isIn("x")));
    // with MaskRows
    var masked = ds.maskRows(text.isIn("spam", "Spam"));
    assertEquals(List.of(1L, 3L, 4L), values(runner, masked, "n"));
  }

  // ------------------------------------------------------------------ MaskRowsOp

  @Test
  void maskRows() {
    Dataset ds = runner.fromInlineDataset(data(
        "name", List.of("Alice", "Bob", "Charlie", "Diana"), "age", List.of(25, 30, 35, 28),
        "active", List.of(true, false, true, false)));
    Dataset op = ds.maskRows(ds.colBoolean("active"));
    assertEquals(List.of("Alice", "Charlie"), values(runner, op, "name"));
    assertEquals(List.of(25L, 35L), values(runner, op, "age"));
    assertEquals(List.of(true, true), values(runner, op, "active"));
  }

  @Test
  void maskRowsAllTrueAllFalseAndEmpty() {
    Dataset all = runner.fromInlineDataset(data("values", List.of("a", "b", "c"), "mask_col", List.of(true, true, true)));
    assertEquals(List.of("a", "b", "c"), values(runner, all.maskRows(all.colBoolean("mask_col")), "values"));
    Dataset none = runner.fromInlineDataset(data("values", List.of("a", "b", "c"), "mask_col", List.of(false, false, false)));
    Dataset noRows = none.maskRows(none.colBoolean("mask_col"));
    assertEquals(0, rowCount(runner, noRows));
    assertEquals(List.of("values", "mask_col"), columnNames(runner, noRows));
    Dataset empty = runner.fromInlineDataset(data("values", List.of(), "mask_col", List.of()));
    Dataset emptyMasked = empty.maskRows(empty.colBoolean("mask_col"));
    assertEquals(0, rowCount(runner, emptyMasked));
    assertEquals(List.of("values", "mask_col"), columnNames(runner, emptyMasked));
  }

  @Test
  void maskRowsWithCategoryToBooleanAndBooleanLogic() {
    Dataset ds = runner.fromInlineDataset(data(
        "items", List.of("apple", "banana", "orange", "grape"), "category", List.of("fruit", "fruit", "fruit", "berry"),
        "price", List.of(1.0, 0.5, 0.8, 2.0)));
    Dataset fruit = ds.maskRows(ds.colCategorical("category").isIn(List.of("fruit"), List.of("berry")));
    assertEquals(List.of("apple", "banana", "orange"), values(runner, fruit, "items"));
    assertEquals(List.of(1.0, 0.5, 0.8), values(runner, fruit, "price"));

    Dataset people = runner.fromInlineDataset(data(
        "name", List.of("Alice", "Bob", "Charlie", "Diana"), "is_adult", List.of(true, true, false, true),
        "is_active", List.of(true, false, true, true), "score", List.of(85, 72, 90, 88)));
    Dataset both = people.maskRows(people.colBoolean("is_adult").and(people.colBoolean("is_active")));
    assertEquals(List.of("Alice", "Diana"), values(runner, both, "name"));
    assertEquals(List.of(85L, 88L), values(runner, both, "score"));
  }

  @Test
  void maskRowsChecksTheMask() {
    Dataset ds = runner.fromInlineDataset(data("a", List.of(1, 2, 3)));
    Dataset other = runner.fromInlineDataset(data("m", List.of(true, false)));
    fails(runner, ds.maskRows(other.colBoolean("m")), "MaskRowsOp", "mask", "Mask length must match dataset row count");
    Dataset emptyMask = runner.fromInlineDataset(data("m", List.of()));
    fails(runner, ds.maskRows(emptyMask.colBoolean("m")), "Mask length must match dataset row count");
    Dataset nullable = runner.fromInlineDataset(data("a", List.of(1, 2, 3), "m", listOf(true, null, true)));
    assertEquals(List.of(1L, 3L), values(runner, nullable.maskRows(nullable.colBoolean("m")), "a"));
  }

  // ------------------------------------------------------------------ BooleanLogicOp

  private Dataset truthTable() {
    return runner.fromInlineDataset(data(
        "a", List.of(true, true, false, false), "b", List.of(true, false, true, false),
        "c", List.of(false, true, true, false), "id", List.of(1, 2, 3, 4)));
  }

  @Test
  void booleanTruthTables() {
    BooleanColumn a = truthTable().colBoolean("a");
    BooleanColumn b = truthTable().colBoolean("b");
    BooleanLogicOp and = a.and(b);
    assertEquals(BooleanLogicOp.Operation.AND, and.operation());
    assertEquals(List.of(true, false, false, false), values(runner, and));
    assertEquals(BooleanLogicOp.Operation.OR, a.or(b).operation());
    assertEquals(List.of(true, true, true, false), values(runner, a.or(b)));
    assertEquals(BooleanLogicOp.Operation.XOR, a.xor(b).operation());
    assertEquals(List.of(false, true, true, false), values(runner, a.xor(b)));
    assertEquals(BooleanLogicOp.Operation.NOT, a.not().operation());
    assertEquals(List.of(false, false, true, true), values(runner, a.not()));
  }

  @Test
  void booleanComplexOperations() {
    BooleanColumn a = truthTable().colBoolean("a");
    BooleanColumn b = truthTable().colBoolean("b");
    BooleanColumn c = truthTable().colBoolean("c");
    assertEquals(List.of(true, true, true, false), values(runner, a.and(b).or(c)));
    assertEquals(List.of(false, false, false, false), values(runner, a.xor(b).not().and(c)));
  }

  @Test
  void booleanEmptySingleAndNulls() {
    Dataset empty = runner.fromInlineDataset(data("bool_col", List.of(), "other", List.of()));
    assertEquals(List.of(), values(runner, empty.colBoolean("bool_col").not()));
    Dataset single = runner.fromInlineDataset(data("bool_col", List.of(true), "other", List.of("test")));
    assertEquals(List.of(false), values(runner, single.colBoolean("bool_col").not()));
    Dataset nulls = runner.fromInlineDataset(data("a", listOf(true, null, false), "b", listOf(null, true, false)));
    assertEquals(listOf(null, null, false), values(runner, nulls.colBoolean("a").and(nulls.colBoolean("b"))));
    assertEquals(listOf(false, null, true), values(runner, nulls.colBoolean("a").not()));
  }

  @Test
  void booleanLogicChecksItsInputs() {
    Dataset three = runner.fromInlineDataset(data("a", List.of(true, false, true)));
    fails(runner, three.colBoolean("a").and(truthTable().colBoolean("a")), "BooleanLogicOp",
        "Both columns must have the same length.");
  }

  // ------------------------------------------------------------------ GroupedOp

  @Test
  void groupedOpMaterializesItsMembersAndRecordsThem() {
    Dataset ds = runner.fromInlineDataset(data("t", List.of("x", "y")));
    var split = ds.assignTrainTestSplit();
    var text = ds.colText("t");
    GroupedOp group = ImmutableGroupedOp.builder().ops(List.of(split, text)).build();
    runner.materialize(group);
    assertTrue(runner.hasResult(split));
    JsonNode summary = runner.toJson(group);
    assertEquals(split.uuid(), summary.get("ops").get(0).asText());
    assertEquals(text.uuid(), summary.get("ops").get(1).asText());
  }

  // ------------------------------------------------------------------ result accessors

  @Test
  void accessorTypeMismatches() {
    Dataset ds = runner.fromInlineDataset(data("values", List.of("a", "b", "c"), "n", List.of(1, 2, 3)));
    TextColumn text = ds.colText("values");
    IllegalStateException json = assertThrows(IllegalStateException.class, () -> runner.toJson(text));
    assertTrue(json.getMessage().contains("Result type doesn't match expected type for toJson()"), json.getMessage());
    GroupedOp group = ImmutableGroupedOp.builder().ops(List.of(text)).build();
    IllegalStateException arrow = assertThrows(IllegalStateException.class, () -> runner.toArrow(group));
    assertTrue(arrow.getMessage().contains("Result type doesn't match expected type for toArrow()"), arrow.getMessage());
    IllegalArgumentException columns = assertThrows(IllegalArgumentException.class, () -> runner.toDoubleArray(ds));
    assertTrue(columns.getMessage().contains("single-column"), columns.getMessage());
    IllegalArgumentException bools = assertThrows(IllegalArgumentException.class, () -> runner.toBooleanArray(text));
    assertTrue(bools.getMessage().contains("boolean"), bools.getMessage());
    assertArrayEquals(new double[] {1, 2, 3}, runner.toDoubleArray(ds.colScore("n")));
  }

  // ------------------------------------------------------------------ helpers

  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  static String sha256(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
