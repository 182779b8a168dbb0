package krnel.impl;

import static krnel.impl.ImplTesting.data;
import static krnel.impl.ImplTesting.fails;
import static krnel.impl.ImplTesting.listOf;
import static krnel.impl.ImplTesting.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import krnel.graph.OpValidationException;
import krnel.ops.ImmutableJinjaTemplatizeOp;
import krnel.ops.JinjaTemplatizeOp;
import krnel.runner.OpFailedException;
import krnel.runner.Runner;
import krnel.types.Dataset;
import krnel.types.PromptColumn;
import krnel.types.TextColumn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reference's JinjaTemplatizeOp tests, ported, plus the sandbox and Python printing. */
class JinjaTemplatizeTest {
  private Runner runner;

  @BeforeEach
  void open() {
    runner = Runner.memory();
  }

  @AfterEach
  void close() {
    runner.close();
  }

  private static JinjaTemplatizeOp template(String template, Map<String, ?> context) {
    Map<String, PromptColumn> columns = new LinkedHashMap<>();
    context.forEach((name, column) -> columns.put(name, (PromptColumn) column));
    return ImmutableJinjaTemplatizeOp.builder().template(template).context(columns).build();
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  @Test
  void templatize() {
    Dataset ds = runner.fromInlineDataset(data("name", List.of("Alice", "Bob"), "age", List.of("25", "30")));
    var op = template("Hello {{name}}, you are {{age}} years old!",
        Map.of("name", ds.colText("name"), "age", ds.colText("age")));
    assertEquals(List.of("Hello Alice, you are 25 years old!", "Hello Bob, you are 30 years old!"), values(runner, op));
    assertEquals(List.of("Hello Alice, you are 25 years old!", "Hello Bob, you are 30 years old!"), runner.toStrings(op));
  }

  @Test
  void singleAndMultipleVariables() {
    Dataset ds = runner.fromInlineDataset(data("greetings", List.of("Hello", "Hi", "Hey"), "other", List.of(1, 2, 3)));
    assertEquals(List.of("Hello there!", "Hi there!", "Hey there!"),
        values(runner, template("{{greeting}} there!", Map.of("greeting", ds.colText("greetings")))));
    Dataset products = runner.fromInlineDataset(data(
        "products", List.of("laptop", "phone", "tablet"), "prices", List.of("$999", "$699", "$399"),
        "colors", List.of("black", "white", "silver")));
    var op = template("The {{color}} {{product}} costs {{price}}.", Map.of(
        "product", products.colText("products"), "price", products.colText("prices"), "color", products.colText("colors")));
    assertEquals(List.of("The black laptop costs $999.", "The white phone costs $699.", "The silver tablet costs $399."),
        values(runner, op));
  }

  @Test
  void conditionals() {
    Dataset ds = runner.fromInlineDataset(data("names", List.of("Alice", "Bob", "Charlie"), "scores", List.of("95", "72", "88")));
    var op = template("{{name}} scored {{score}}{% if score|int >= 90 %} - Excellent!{% elif score|int >= 80 %}"
        + " - Good job!{% else %} - Keep trying!{% endif %}", Map.of("name", ds.colText("names"), "score", ds.colText("scores")));
    assertEquals(List.of("Alice scored 95 - Excellent!", "Bob scored 72 - Keep trying!", "Charlie scored 88 - Good job!"),
        values(runner, op));
  }

  @Test
  void loopsWithPythonStringMethods() {
    Dataset ds = runner.fromInlineDataset(data(
        "categories", List.of("fruits", "colors", "animals"),
        "items", List.of("apple,banana,orange", "red,green,blue", "cat,dog,bird")));
    var op = template("{{category}}: {% for item in items.split(',') %}{{item.strip()}}{% if not loop.last %}, {% endif %}{% endfor %}",
        Map.of("category", ds.colText("categories"), "items", ds.colText("items")));
    assertEquals(List.of("fruits: apple, banana, orange", "colors: red, green, blue", "animals: cat, dog, bird"),
        values(runner, op));
  }

  @Test
  void emptyAndSingleRow() {
    Dataset empty = runner.fromInlineDataset(data("empty_col", List.of()));
    assertEquals(List.of(), values(runner, template("Hello {{name}}!", Map.of("name", empty.colText("empty_col")))));
    Dataset single = runner.fromInlineDataset(data("title", List.of("Dr."), "name", List.of("Smith")));
    assertEquals(List.of("Dr. Smith"), values(runner,
        template("{{title}} {{name}}", Map.of("title", single.colText("title"), "name", single.colText("name")))));
  }

  @Test
  void filters() {
    Dataset ds = runner.fromInlineDataset(data(
        "words", List.of("hello world", "PYTHON PROGRAMMING", "Machine Learning"), "numbers", List.of("123", "456", "789")));
    var op = template("{{words|title}} has {{numbers|length}} digits. Original: \"{{words|upper}}\"",
        Map.of("words", ds.colText("words"), "numbers", ds.colText("numbers")));
    assertEquals(List.of("Hello World has 3 digits. Original: \"HELLO WORLD\"",
        "Python Programming has 3 digits. Original: \"PYTHON PROGRAMMING\"",
        "Machine Learning has 3 digits. Original: \"MACHINE LEARNING\""), values(runner, op));
  }

  @Test
  void missingVariablesAreLenient() {
    Dataset ds = runner.fromInlineDataset(data("defined_var", List.of("value1", "value2")));
    var op = template("Defined: {{defined_var}}, Undefined: {{undefined_var|default(\"N/A\")}}{{ also_undefined }}",
        Map.of("defined_var", ds.colText("defined_var")));
    assertEquals(List.of("Defined: value1, Undefined: N/A", "Defined: value2, Undefined: N/A"), values(runner, op));
  }

  @Test
  void constants() {
    Dataset ds = runner.fromInlineDataset(data("item", List.of("apple", "pear")));
    TextColumn item = ds.colText("item");
    JinjaTemplatizeOp op = ds.template("{{greeting}}, {{item}}!", ordered("greeting", "Hi", "item", item));
    assertEquals(Map.of("greeting", "Hi"), op.constants());
    assertEquals(Map.of("item", item), op.context());
    assertEquals(List.of("Hi, apple!", "Hi, pear!"), values(runner, op));

    JinjaTemplatizeOp prices = ds.template("{{item}} costs ${{price}} x {{count}} ({{ratio}})",
        ordered("item", item, "price", 1.99, "count", 10, "ratio", 1.0));
    assertEquals(List.of("apple costs $1.99 x 10 (1.0)", "pear costs $1.99 x 10 (1.0)"), values(runner, prices));
  }

  @Test
  void onlyConstantsRenderOneRow() {
    // The op holds no dataset, so with no column there is nothing to count rows from (reference bug 7.18)
    JinjaTemplatizeOp op = ImmutableJinjaTemplatizeOp.builder().template("Hello {{who}}")
        .context(Map.of()).constants(Map.of("who", "world")).build();
    assertEquals(List.of("Hello world"), values(runner, op));
    // the reference's workaround: a dummy column gives the row count
    Dataset ds = runner.fromInlineDataset(data("dummy", List.of("", "", "")));
    assertEquals(List.of("Hello world", "Hello world", "Hello world"),
        values(runner, ds.template("Hello {{who}}", ordered("who", "world", "dummy", ds.colText("dummy")))));
  }

  @Test
  void constantsWithConditionalsAndEmptyConstants() {
    Dataset ds = runner.fromInlineDataset(data("score", List.of("95", "50")));
    var op = ds.template("{% if score|int >= threshold %}pass{% else %}fail{% endif %} ({{threshold}})",
        ordered("score", ds.colText("score"), "threshold", 60));
    assertEquals(List.of("pass (60)", "fail (60)"), values(runner, op));
    var none = ImmutableJinjaTemplatizeOp.builder().template("{{score}}!").context(Map.<String, PromptColumn>of("score", ds.colText("score")))
        .constants(Map.of()).build();
    assertEquals(List.of("95!", "50!"), values(runner, none));
  }

  @Test
  void jsonColumnsAreMapsAndLists() {
    Dataset ds = runner.fromInlineDataset(data(
        "metadata", List.of(Map.of("version", "1.0", "tags", List.of("a", "b")), Map.of("version", "2.1")),
        "raw", List.of("{\"n\": 1, \"x\": null}", "{\"n\": 2.5}")));
    var op = ds.template("{{product}} v{{metadata.version}} [{{ metadata.tags|join(',') }}] n={{ raw.n }} {{ raw|drop_nulls }}",
        ordered("product", "Widget", "metadata", ds.colJson("metadata"), "raw", ds.colText("raw").parseJson()));
    // as in pyarrow, n is float64 in every row because one row holds a float
    assertEquals(List.of("Widget v1.0 [a,b] n=1.0 {'n': 1.0}", "Widget v2.1 [] n=2.5 {'n': 2.5}"), values(runner, op));
  }

  @Test
  void conversationsIterate() {
    Dataset ds = runner.fromInlineDataset(data("conversation", List.of(
        List.of(Map.of("role", "user", "content", "hi"), Map.of("role", "assistant", "content", "hello")))));
    var op = ds.template("{% for m in conversation %}<{{ m.role }}>{{ m['content'] }}{% endfor %}",
        ordered("conversation", ds.colConversation("conversation")));
    assertEquals(List.of("<user>hi<assistant>hello"), values(runner, op));
  }

  @Test
  void maxLengthTruncatesCodePoints() {
    Dataset ds = runner.fromInlineDataset(data("item", List.of("apple", "kiwi"), "category", List.of("Fruit", "Fruit")));
    var op = ds.template("Item: {{item}}, Category: {{category}}",
        ordered("item", ds.colText("item"), "category", ds.colText("category")), o -> o.maxLength(20));
    assertEquals(List.of("Item: apple, Categor", "Item: kiwi, Category"), values(runner, op));
    Dataset emoji = runner.fromInlineDataset(data("t", List.of("\uD83D\uDE00\uD83D\uDE00abc")));
    assertEquals(List.of("\uD83D\uDE00\uD83D\uDE00a"),
        values(runner, emoji.template("{{t}}", ordered("t", emoji.colText("t")), o -> o.maxLength(3))));
  }

  @Test
  void valuesPrintLikePython() {
    Dataset ds = runner.fromInlineDataset(data("t", List.of("x")));
    var op = ds.template("{{ f }} {{ i }} {{ one }} {{ b }} {{ l }} {{ d }} {{ s|repr }} {{ 7 / 2 }} {{ [1, 2.0] }}",
        ordered("t", ds.colText("t"), "f", 1.99, "i", 10, "one", 1.0, "b", true, "l", List.of("a", 1, false),
            "d", Map.of("k", "v"), "s", "it's"));
    assertEquals(List.of("1.99 10 1.0 True ['a', 1, False] {'k': 'v'} \"it's\" 3.5 [1, 2.0]"), values(runner, op));
  }

  @Test
  void templatesAreSandboxed() {
    Dataset ds = runner.fromInlineDataset(data("x", List.of("hello")));
    OpFailedException e = fails(runner, template("{{ x.getClass() }}", Map.of("x", ds.colText("x"))),
        "JinjaTemplatizeOp", "template", "'str' object has no method 'getClass'", "row 0");
    assertFalse(e.getMessage().contains("\tat "), e.getMessage());
    fails(runner, template("{{ x.getBytes() }}", Map.of("x", ds.colText("x"))), "no method 'getBytes'");
    fails(runner, template("{{ x.split(',').subList(0, 1) }}", Map.of("x", ds.colText("x"))), "'list' object has no method 'subList'");
    fails(runner, ds.template("{{ d.entrySet() }}", ordered("x", ds.colText("x"), "d", Map.of("k", 1))),
        "'dict' object has no method 'entrySet'");
    fails(runner, template("{% include 'META-INF/MANIFEST.MF' %}", Map.of("x", ds.colText("x"))),
        "cannot include, import or extend");
    // bean properties are not reachable either: they read as undefined
    assertEquals(List.of("[]"), values(runner, template("[{{ x.bytes }}{{ x.class }}]", Map.of("x", ds.colText("x")))));
    // Python's str methods work, with Python's semantics
    assertEquals(List.of("HELLO|['he', 'lo']|True|3|l"), values(runner,
        template("{{ x.upper() }}|{{ x.split('l', 1) }}|{{ x.startswith('he') }}|{{ x.find('lo') }}|{{ x[-2] }}",
            Map.of("x", ds.colText("x")))));
  }

  @Test
  void unknownFiltersAndTestsFailAsInJinja2() {
    Dataset ds = runner.fromInlineDataset(data("x", List.of("a")));
    fails(runner, template("{{ x|nosuch }}", Map.of("x", ds.colText("x"))), "JinjaTemplatizeOp", "template",
        "No filter named 'nosuch'", "row 0");
    fails(runner, template("{% if x is nosuchtest %}y{% endif %}", Map.of("x", ds.colText("x"))),
        "No test named 'nosuchtest'");
    assertEquals(List.of("A"), values(runner, template("{{ x|upper }}", Map.of("x", ds.colText("x")))));
  }

  @Test
  void nondeterministicFunctionsAreRefused() {
    Dataset ds = runner.fromInlineDataset(data("x", List.of("a")));
    for (String call : List.of("{{ today() }}", "{{ unixtimestamp() }}", "{{ [1, 2]|random }}",
        "{{ [1, 2]|shuffle }}", "{{ 0|datetimeformat }}")) {
      fails(runner, template(call, Map.of("x", ds.colText("x"))), "JinjaTemplatizeOp", "template",
          "is disabled", "depends on the clock or a random generator");
    }
  }

  @Test
  void workIsBudgeted() {
    Dataset ds = runner.fromInlineDataset(data("x", List.of("a")));
    // Jinjava alone would print 1000 here
    fails(runner, template("{{ range(10**8)|length }}", Map.of("x", ds.colText("x"))), "JinjaTemplatizeOp",
        "template", "range() of 100000000 items", "at most 100000");
    assertEquals(List.of("100000"), values(runner, template("{{ range(100000)|length }}", Map.of("x", ds.colText("x")))));
    assertEquals(List.of("[5, 3]"), values(runner, template("{{ range(5, 1, -2)|list }}", Map.of("x", ds.colText("x")))));
    fails(runner, template("{% for i in range(100000) %}" + "x".repeat(150) + "{% endfor %}", Map.of("x", ds.colText("x"))),
        "template", "over limit");
    String before = System.getProperty("krnel.template.timeLimitSeconds");
    System.setProperty("krnel.template.timeLimitSeconds", "0.5");
    try {
      fails(runner, template("{% for i in range(1000) %}{% for j in range(1000) %}{% for k in range(1000) %}"
          + "{% endfor %}{% endfor %}{% endfor %}", Map.of("x", ds.colText("x"))), "template", "time budget of 0.5 s");
    } finally {
      if (before == null) {
        System.clearProperty("krnel.template.timeLimitSeconds");
      } else {
        System.setProperty("krnel.template.timeLimitSeconds", before);
      }
    }
  }

  @Test
  void templateErrorsNameTheRow() {
    Dataset ds = runner.fromInlineDataset(data("x", List.of("a", "b")));
    fails(runner, template("{% if %}", Map.of("x", ds.colText("x"))), "JinjaTemplatizeOp", "template", "line 1");
    fails(runner, template("{{ x.index('b') }}", Map.of("x", ds.colText("x"))), "substring not found", "row 0");
  }

  @Test
  void contextColumnsMustHaveEqualLengths() {
    Dataset two = runner.fromInlineDataset(data("a", List.of("x", "y")));
    Dataset three = runner.fromInlineDataset(data("b", List.of("x", "y", "z")));
    fails(runner, template("{{a}}{{b}}", ordered("a", two.colText("a"), "b", three.colText("b"))),
        "JinjaTemplatizeOp", "context", "All context columns must have the same length");
  }

  @Test
  void keyCollisionsAreRejectedAtConstruction() {
    Dataset ds = runner.fromInlineDataset(data("name", List.of("x"), "age", List.of("1")));
    OpValidationException e = assertThrows(OpValidationException.class, () -> ImmutableJinjaTemplatizeOp.builder()
        .template("{{name}} {{age}}").context(Map.<String, PromptColumn>of("name", ds.colText("name"), "age", ds.colText("age")))
        .constants(Map.of("age", 3, "name", "y")).build());
    assertTrue(e.getMessage().matches("(?s).*Key collision.*\\['age', 'name'\\].*"), e.getMessage());
  }

  @Test
  void templatesMayMutateValuesWithoutLeakingAcrossRows() {
    Dataset ds = runner.fromInlineDataset(data("x", List.of("a", "b")));
    var op = ds.template("{{ seen.append(x) }}{{ seen|join('') }}", ordered("x", ds.colText("x"), "seen", listOf()));
    List<Object> rendered = values(runner, op);
    assertTrue(rendered.get(0).toString().endsWith("a"), rendered.toString());
    assertTrue(rendered.get(1).toString().endsWith("b"), rendered.toString());
    assertFalse(rendered.get(1).toString().endsWith("ab"), rendered.toString());
  }
}
