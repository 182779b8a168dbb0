package krnel.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import krnel.graph.testops.Fixtures;
import krnel.graph.testops.ImmutableDictSourceOp;
import krnel.ops.GroupedOp;
import krnel.ops.ImmutableGroupedOp;
import krnel.ops.ImmutableLoadInlineJsonDatasetOp;
import krnel.ops.ImmutableTakeRowsOp;
import krnel.ops.LLMLayerActivationsOp;
import krnel.ops.LoadInlineJsonDatasetOp;
import krnel.ops.TakeRowsOp;
import krnel.ops.TrainClassifierOp;
import krnel.types.BooleanColumn;
import krnel.types.CategoricalColumn;
import krnel.types.ScoreColumn;
import krnel.types.TextColumn;
import krnel.types.VectorColumn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code toCode()}, {@code toString()} and {@code diff()}: Java-like pseudocode of a graph, one
 * statement per op, inputs first (krnel-graph's to_code / GraphDiff, reference §1.6).
 */
class PseudocodeTest {
  private static final ImmutableLoadInlineJsonDatasetOp DS = ImmutableLoadInlineJsonDatasetOp.builder().data(data()).build();

  private static Map<String, List<Object>> data() {
    Map<String, List<Object>> data = new LinkedHashMap<>();
    data.put("text", List.of("hello", "buy now"));
    data.put("label", List.of("ham", "spam"));
    return data;
  }

  @Test
  void exactTextOfASmallGraph() {
    TextColumn text = DS.colText("text");
    BooleanColumn spam = DS.colCategorical("label").isIn("spam");
    GroupedOp group = ImmutableGroupedOp.builder().ops(List.of(text, spam.not(), DS.take(1))).build();
    assertEquals("""
        // Graph for GroupedOp_738cac57fbb5380a37f3c9a76b12a3380b0e578dbe51c83b4197d61d30416a12
        LoadInlineJsonDatasetOp loadInlineJsonDataset_d6eca = ImmutableLoadInlineJsonDatasetOp.builder()
            .data(Map.of("text", List.of("hello", "buy now"), "label", List.of("ham", "spam")))
            .build();

        SelectTextColumnOp colText_ebc1d = loadInlineJsonDataset_d6eca.colText("text");

        SelectCategoricalColumnOp colCategorical_e610a = loadInlineJsonDataset_d6eca.colCategorical("label");

        TakeRowsOp take_9c638 = loadInlineJsonDataset_d6eca.take(o -> o.numRows(1));

        GroupedOp grouped_738ca = ImmutableGroupedOp.builder()
            .ops(List.of(colText_ebc1d, colCategorical_e610a.isIn("spam").not(), take_9c638))
            .build();
        """, group.toCode());
  }

  @Test
  void toStringIsOneStatementWithoutItsInputs() {
    assertEquals("SelectTextColumnOp colText_ebc1d = loadInlineJsonDataset_d6eca.colText(\"text\");",
        DS.colText("text").toString());
    assertEquals(Fixtures.OPERATION_A.toCode().substring(Fixtures.OPERATION_A.toCode().indexOf("DatasetDoubleSize ")),
        Fixtures.OPERATION_A + "\n");
  }

  @Test
  void builderFormListsEveryFieldInDeclarationOrderButUnsetNulls() {
    assertEquals("""
        // Graph for CombineTwoOperations_5e2fc5026c4402e9dd496b79af5bb78535d5ddc2c6c9b1363492b5b718b3d2cb
        ExampleDataSource exampleDataSource_3dd8e = ImmutableExampleDataSource.builder()
            .datasetName("test")
            .importDate("2023-01-01")
            .build();

        DatasetDoubleSize datasetDoubleSize_c904d = ImmutableDatasetDoubleSize.builder()
            .powerLevel("DOUBLE")
            .sourceDataset(exampleDataSource_3dd8e)
            .build();

        DatasetDoubleSize datasetDoubleSize_632f8 = ImmutableDatasetDoubleSize.builder()
            .powerLevel("TRIPLE")
            .sourceDataset(exampleDataSource_3dd8e)
            .build();

        CombineTwoOperations combineTwoOperations_5e2fc = ImmutableCombineTwoOperations.builder()
            .opA(datasetDoubleSize_c904d)
            .opB(datasetDoubleSize_632f8)
            .build();
        """, Fixtures.COMBINE_TWO.toCode());
  }

  @Test
  void inlineFormsForBooleanLogicCategoriesAndArithmetic() {
    BooleanColumn a = DS.colBoolean("a");
    BooleanColumn b = DS.colBoolean("b");
    String na = name(a);
    String nb = name(b);
    assertEquals(na + ".and(" + nb + ")", rhs(a.and(b)));
    assertEquals(na + ".or(" + nb + ")", rhs(a.or(b)));
    assertEquals(na + ".xor(" + nb + ")", rhs(a.xor(b)));
    assertEquals(na + ".not()", rhs(a.not()));
    assertEquals(na + ".and(" + nb + ".not()).or(" + na + ".xor(" + nb + "))", rhs(a.and(b.not()).or(a.xor(b))));

    CategoricalColumn label = DS.colCategorical("label");
    String nl = name(label);
    assertEquals(nl + ".isIn(\"ham\", \"spam\")", rhs(label.isIn("spam", "ham")), "values sorted, as hashed");
    assertEquals(nl + ".notIn(\"ham\")", rhs(label.notIn("ham")));
    assertEquals(nl + ".isIn(List.of(\"spam\"), List.of(\"ham\"))", rhs(label.isIn(List.of("spam"), List.of("ham"))));
    assertEquals(nl + ".isIn(\"say \\\"hi\\\"\")", rhs(label.isIn("say \"hi\"")), "quotes escaped");

    ScoreColumn s = DS.colScore("s");
    ScoreColumn t = DS.colScore("t");
    String ns = name(s);
    String nt = name(t);
    assertEquals(ns + ".plus(" + nt + ")", rhs(s.plus(t)));
    assertEquals(ns + ".minus(" + nt + ")", rhs(s.minus(t)));
    assertEquals(ns + ".times(" + nt + ")", rhs(s.times(t)));
    assertEquals(ns + ".div(" + nt + ")", rhs(s.div(t)));
    assertEquals(ns + ".plus(" + nt + ").div(" + ns + ")", rhs(s.plus(t).div(s)));
  }

  @Test
  void inlineOpsAreNotStatementsUnlessTheyAreTheRoot() {
    BooleanColumn spam = DS.colCategorical("label").isIn("spam");
    VectorColumn x = DS.colText("text").llmLayerActivations("hf:gpt2", -1);
    TrainClassifierOp probe = x.trainClassifier("logistic_regression", spam);
    String code = probe.toCode();
    assertTrue(code.contains("    .positives(" + name(DS.colCategorical("label")) + ".isIn(\"spam\"))\n"), code);
    assertTrue(code.contains("    .negatives(" + name(DS.colCategorical("label")) + ".isIn(\"spam\").not())\n"), code);
    assertTrue(code.contains("    .preprocessing(TrainClassifierOp.Preprocessing.NONE)\n"), code);
    assertTrue(!code.contains("CategoryToBooleanOp") && !code.contains("BooleanLogicOp"), code);
    assertTrue(!code.contains(".trainDomain("), "an unset nullable field is left out: " + code);
    assertEquals(5, statementCount(code));
  }

  @Test
  void fluentCallsListRequiredArgumentsAndChangedOptions() {
    LLMLayerActivationsOp x = DS.colText("text").llmLayerActivations("hf:gpt2", -1,
        o -> o.tokenMode(LLMLayerActivationsOp.TokenMode.MEAN).batchSize(8));
    assertEquals(name(DS.colText("text")) + ".llmLayerActivations(\"hf:gpt2\", -1, o -> o"
        + ".tokenMode(LLMLayerActivationsOp.TokenMode.MEAN).batchSize(8))", rhs(x));
    TakeRowsOp take = DS.take(o -> o.skip(2).offset(1));
    assertEquals(name(DS) + ".take(o -> o.skip(2).offset(1))", rhs(take));
    assertEquals(name(DS) + ".take()", rhs(ImmutableTakeRowsOp.builder().dataset(DS).build()));
  }

  @Test
  void namesStayUniqueWhenTwoOpsShareAHashPrefix() {
    // TakeRowsOp offsets are cheap to hash: find two whose uuids share the first 5 hex digits.
    Map<String, TakeRowsOp> byPrefix = new HashMap<>();
    TakeRowsOp first = null;
    TakeRowsOp second = null;
    for (int offset = 0; second == null; offset++) {
      TakeRowsOp take = ImmutableTakeRowsOp.builder().dataset(DS).offset(offset).build();
      TakeRowsOp clash = byPrefix.putIfAbsent(hex(take).substring(0, 5), take);
      if (clash != null) {
        first = clash;
        second = take;
      }
    }
    assertNotEquals(first.uuid(), second.uuid());
    GroupedOp group = ImmutableGroupedOp.builder().ops(List.of(first, second)).build();
    String code = group.toCode();
    Set<String> names = declaredNames(code);
    assertEquals(4, names.size(), code);
    int digits = commonPrefix(hex(first), hex(second)) + 1;
    assertTrue(names.contains("take_" + hex(first).substring(0, digits)), code);
    assertTrue(names.contains("take_" + hex(second).substring(0, digits)), code);
    // Alone, each op keeps the short name.
    assertTrue(declaredNames(first.toCode()).contains("take_" + hex(first).substring(0, 5)));
  }

  @Test
  void equalGraphsPrintTheSame() {
    LoadInlineJsonDatasetOp again = ImmutableLoadInlineJsonDatasetOp.builder().data(data()).build();
    assertEquals(DS.colText("text").toCode(), again.colText("text").toCode());
  }

  /**
   * Map.of iterates in an order that changes from one JVM run to the next; builders keep such maps
   * sorted by key so that dependency order and pseudocode are the same in every run.
   */
  @Test
  void unorderedMapsAreKeptSortedSoThatCodeIsStableAcrossRuns() {
    Map<String, krnel.graph.testops.ExampleDataSource> sources = Map.of(
        "e", Fixtures.example("e", "d"), "b", Fixtures.example("b", "d"), "d", Fixtures.example("d", "d"),
        "a", Fixtures.example("a", "d"), "c", Fixtures.example("c", "d"));
    var op = ImmutableDictSourceOp.builder().name("n").sourceMap(sources).build();
    assertEquals(List.of("a", "b", "c", "d", "e"), List.copyOf(op.sourceMap().keySet()));
    List<String> names = new ArrayList<>();
    op.dependencies().forEach(dep -> names.add(((krnel.graph.testops.ExampleDataSource) dep).datasetName()));
    assertEquals(List.of("a", "b", "c", "d", "e"), names);

    LoadInlineJsonDatasetOp fromMapOf = ImmutableLoadInlineJsonDatasetOp.builder()
        .data(Map.of("z", List.of(1), "y", List.of(2), "x", List.of(3))).build();
    assertEquals(List.of("x", "y", "z"), List.copyOf(fromMapOf.data().keySet()));
    // Maps with an order of their own keep it: a LinkedHashMap, and an op's own (copied) maps.
    assertEquals(List.of("text", "label"), List.copyOf(DS.data().keySet()));
    assertEquals(List.of("text", "label"), List.copyOf(DS.toBuilder().build().data().keySet()));
  }

  @Test
  void diffIsAUnifiedDiffOfThePseudocode() {
    TextColumn text = DS.colText("text");
    TextColumn label = DS.colText("label");
    assertEquals("""
        --- SelectTextColumnOp_ebc1dbcd5a93ab3de9105b45e32c1aea3eec03d2e925970df24979a5c06ff378
        +++ SelectTextColumnOp_b222c2ae1c39c25a3cf2e772ae00a6aabe885ac57635e6ad6c9e5596f59c6839
        @@ -1,6 +1,6 @@
        -// Graph for SelectTextColumnOp_ebc1dbcd5a93ab3de9105b45e32c1aea3eec03d2e925970df24979a5c06ff378
        +// Graph for SelectTextColumnOp_b222c2ae1c39c25a3cf2e772ae00a6aabe885ac57635e6ad6c9e5596f59c6839
         LoadInlineJsonDatasetOp loadInlineJsonDataset_d6eca = ImmutableLoadInlineJsonDatasetOp.builder()
             .data(Map.of("text", List.of("hello", "buy now"), "label", List.of("ham", "spam")))
             .build();
        \s
        -SelectTextColumnOp colText_ebc1d = loadInlineJsonDataset_d6eca.colText("text");
        +SelectTextColumnOp colText_b222c = loadInlineJsonDataset_d6eca.colText("label");""", text.diff(label));
  }

  @Test
  void diffOfEqualGraphsIsEmpty() {
    assertEquals("", Fixtures.COMBINE_TWO.diff(Fixtures.COMBINE_TWO));
    assertEquals("", Fixtures.COMBINE_TWO.diff(Fixtures.combineTwo(Fixtures.OPERATION_A, Fixtures.OPERATION_B)));
  }

  @Test
  void diffShowsAChangedParameterDeepInTheGraph() {
    var changed = Fixtures.COMBINE_TWO.subs(Fixtures.DATA_SOURCE_A, Map.of("import_date", "2024-01-01"));
    String diff = Fixtures.COMBINE_TWO.diff(changed);
    assertTrue(diff.contains("\n-    .importDate(\"2023-01-01\")\n+    .importDate(\"2024-01-01\")\n"), diff);
  }

  /** The pseudocode of a graph built with the fluent API compiles as Java, with the usual imports. */
  @Test
  void pseudocodeCompiles(@TempDir Path out) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assumeTrue(javac != null, "needs a JDK");
    CategoricalColumn label = DS.colCategorical("label");
    BooleanColumn spam = label.isIn("spam");
    LLMLayerActivationsOp x = DS.colText("text").llmLayerActivations("hf:gpt2", -1,
        o -> o.tokenMode(LLMLayerActivationsOp.TokenMode.MEAN));
    TrainClassifierOp probe = x.trainClassifier("logistic_regression", spam.and(label.notIn("ham")),
        o -> o.preprocessing(TrainClassifierOp.Preprocessing.STANDARDIZE).params(Map.of("C", 0.1)));
    ScoreColumn score = probe.predict(x);
    GroupedOp everything = ImmutableGroupedOp.builder()
        .ops(List.of(score.evaluate(spam), score.plus(score), DS.take(o -> o.skip(2)), Fixtures.COMBINE_TWO,
            DS.template("Say {{x}} {{n}}", Map.of("x", DS.colText("text"), "n", 3))))
        .build();
    String source = "import java.util.*;\nimport krnel.ops.*;\nimport krnel.types.*;\nimport krnel.graph.testops.*;\n"
        + "class Graph {\n  void build() {\n" + everything.toCode() + "  }\n}\n";
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Graph.java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    boolean ok = javac.getTask(null, null, diagnostics,
        List.of("-proc:none", "-d", out.toString(), "-classpath", classPath),
        null, List.of(file)).call();
    assertTrue(ok, () -> diagnostics.getDiagnostics() + "\n" + source);
  }

  // --- helpers ---

  /** The name the pseudocode gives an op in its own graph. */
  private static String name(OpSpec op) {
    String statement = op.toString();
    return statement.substring(statement.indexOf(' ') + 1, statement.indexOf(" = "));
  }

  /** The right-hand side of the statement of {@code op}. */
  private static String rhs(OpSpec op) {
    String statement = op.toString();
    assertTrue(statement.endsWith(";"), statement);
    return statement.substring(statement.indexOf(" = ") + 3, statement.length() - 1);
  }

  private static String hex(OpSpec op) {
    return op.uuid().substring(op.uuid().indexOf('_') + 1);
  }

  private static int commonPrefix(String a, String b) {
    int i = 0;
    while (a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }

  private static final Pattern DECLARATION = Pattern.compile("(?m)^\\w+ (\\w+) = ");

  private static Set<String> declaredNames(String code) {
    Set<String> names = new HashSet<>();
    Matcher m = DECLARATION.matcher(code);
    int count = 0;
    while (m.find()) {
      names.add(m.group(1));
      count++;
    }
    assertEquals(count, names.size(), "a name is declared twice: " + code);
    return names;
  }

  private static int statementCount(String code) {
    assertNotNull(code);
    return declaredNames(code).size();
  }
}
