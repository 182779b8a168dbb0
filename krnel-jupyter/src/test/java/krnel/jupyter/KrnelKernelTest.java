package krnel.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import krnel.graph.OpSpec;
import krnel.runner.OpState;
import krnel.runner.OpStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kernel's cells run in this JVM, without Jupyter: JShell with Krnel's imports, an op's graph, the
 * result views, and {@code %%krnelop} cells that declare, implement, use and then redeclare an op.
 * The store is {@code KRNEL_STORE_URI}, set by the build to an in-memory store.
 */
class KrnelKernelTest {
  private static KrnelKernel kernel;

  @BeforeAll
  static void start() {
    kernel = KrnelKernel.start(System.getProperty("java.class.path"));
    kernel.evalRaw("""
        var data = runner().fromInlineDataset(Map.of(
            "text", List.of("free money now", "hello bob", "click here, free", "meeting at 3", "win win", "lunch?"),
            "label", List.of("spam", "ham", "spam", "ham", "spam", "ham"),
            "half", List.of("a", "a", "a", "b", "b", "b")));
        TextColumn text = data.colText("text");
        BooleanColumn spam = data.colCategorical("label").isIn("spam");
        """);
  }

  @Test
  void anOpShowsItsGraphAsSvgWithItsPseudocode() {
    Object value = kernel.evalRaw("text");
    OpSpec op = assertInstanceOf(OpSpec.class, value);
    Rich shown = OpView.of(op);
    assertTrue(shown.data().get("image/svg+xml").startsWith("<svg"), shown.data().get("image/svg+xml"));
    String html = shown.data().get("text/html");
    // the report's DAG: a box per op of the graph, inputs first, named by wire name, and one edge between them
    assertEquals(List.of("LoadInlineJsonDatasetOp", "SelectTextColumnOp"), boxes(html), html);
    assertEquals(1, count(html, "class=\"edge\""), html);
    assertEquals(0, count(html, "data-state="), html); // an op as built: no store asked
    assertTrue(html.contains("data.colText(&quot;text&quot;)") || html.contains("colText(&quot;text&quot;)"), html);
  }

  @Test
  void aReportShowsATablePerSplitAndBothCurves() {
    kernel.evalRaw("""
        %%krnelop
        @Op interface VowelCountOp extends ScoreColumn { TextColumn text(); }
        @Implementation class VowelCountImplementation implements OpImplementation<VowelCountOp> {
          public Class<VowelCountOp> opType() { return VowelCountOp.class; }
          public String version() { return "1"; }
          public Result compute(VowelCountOp op, Inputs inputs) {
            return Result.doubles(op, inputs.strings(op.text()).stream()
                .mapToDouble(t -> t.replaceAll("[^aeiou]", "").length()).toArray());
          }
        }
        """);
    Rich report = (Rich) kernel.evalRaw(
        "show(text.then(vowelCount()).evaluate(spam, o -> o.split(data.colCategorical(\"half\"))))");
    String html = report.data().get("text/html");
    assertEquals(2, count(html, "<table class=\"krnel-split\">"), html); // splits a and b
    // the report's charts: a curve and an operating point per split on each plot
    assertTrue(html.contains("class=\"chart roc\"") && html.contains("class=\"chart pr\""), html);
    assertEquals(2 * 2, count(html, "class=\"mark line\""), html);
    assertEquals(2 * 2, count(html, "class=\"mark point\""), html);
    assertTrue(report.toString().contains("roc_auc"), report.toString());
  }

  @Test
  void aRedeclaredOpReplacesTheFirstAndItsResultsFollow() {
    String declared = (String) kernel.evalRaw("""
        %%krnelop
        @Op interface WordCountOp extends ScoreColumn { TextColumn text(); }
        @Implementation class WordCountImplementation implements OpImplementation<WordCountOp> {
          public Class<WordCountOp> opType() { return WordCountOp.class; }
          public String version() { return "1"; }
          public Result compute(WordCountOp op, Inputs inputs) {
            return Result.doubles(op, inputs.strings(op.text()).stream().mapToDouble(t -> t.split(" ").length).toArray());
          }
        }
        """).toString();
    assertTrue(declared.contains("WordCountOp") && declared.contains("steps wordCount"), declared);
    assertEquals("[3.0, 2.0, 3.0, 3.0, 2.0, 1.0]", kernel.evalRaw(
        "Arrays.toString(runner().toDoubleArray(text.then(wordCount())))"));

    // the same name again, with a field and another implementation: the new one is used from now on
    kernel.evalRaw("""
        %%krnelop
        @Op interface WordCountOp extends ScoreColumn {
          TextColumn text();
          default int minLength() { return 4; }
        }
        @Implementation class WordCountImplementation implements OpImplementation<WordCountOp> {
          public Class<WordCountOp> opType() { return WordCountOp.class; }
          public String version() { return "2"; }
          public Result compute(WordCountOp op, Inputs inputs) {
            return Result.doubles(op, inputs.strings(op.text()).stream()
                .mapToDouble(t -> Arrays.stream(t.split(" ")).filter(w -> w.length() >= op.minLength()).count()).toArray());
          }
        }
        """);
    assertEquals("[2.0, 1.0, 3.0, 1.0, 0.0, 1.0]", kernel.evalRaw(
        "Arrays.toString(runner().toDoubleArray(text.then(wordCount())))"));
    assertTrue(kernel.evalRaw("text.then(wordCount()).getClass().getName()").toString().startsWith("notebook.cell"));
    // its stored status names the op by wire name: the catalogue finds the newest class
    Rich status = (Rich) kernel.evalRaw("status(text.then(wordCount()))");
    assertTrue(status.toString().contains("completed  WordCountOp"), status.toString());
    String statusHtml = status.data().get("text/html");
    assertEquals(List.of("LoadInlineJsonDatasetOp", "SelectTextColumnOp", "WordCountOp"), boxes(statusHtml), statusHtml);
    assertTrue(statusHtml.contains("data-state=\"completed\""), statusHtml);

    // a later cell sees the newest WordCountOp by its simple name
    kernel.evalRaw("""
        %%krnelop
        class Counts {
          static WordCountOp longWords(TextColumn text) { return ImmutableWordCountOp.builder().text(text).minLength(5).build(); }
        }
        """);
    assertEquals("[1.0, 1.0, 2.0, 1.0, 0.0, 1.0]", kernel.evalRaw(
        "Arrays.toString(runner().toDoubleArray(Counts.longWords(text)))"));
  }

  @Test
  void rowsAndScatterShowTheirResults() {
    Rich rows = (Rich) kernel.evalRaw("rows(data, 2)");
    assertTrue(rows.toString().endsWith("2 of 6 rows of LoadInlineJsonDatasetOp " + OpView.hashPrefix(
        (OpSpec) kernel.evalRaw("data"))), rows.toString());
    Rich plot = (Rich) kernel.evalRaw("""
        var points = runner().fromInlineDataset(Map.of("v", List.of(
            List.of(0.0, 0.1, 0.2), List.of(1.0, 0.9, 1.1), List.of(0.1, 0.0, 0.1), List.of(0.9, 1.0, 1.0),
            List.of(0.2, 0.1, 0.0), List.of(1.1, 1.0, 0.9))));
        scatter(points.colVector("v").umapVis(o -> o.nNeighbors(3).nEpochs(20)), spam)
        """);
    byte[] png = java.util.Base64.getDecoder().decode(plot.data().get("image/png"));
    assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
    Rich model = (Rich) kernel.evalRaw("show(points.colVector(\"v\").trainClassifier(\"logistic_regression\", spam))");
    assertTrue(model.data().get("text/html").startsWith("<pre>{"), model.toString());
  }

  /** The stop button's path without Jupyter: {@code interrupt()}, which the kernel's interrupt_request handler calls. */
  @Test
  void anInterruptStopsTheCellsRunningOpAndItsStatusSaysFailed() throws Exception {
    kernel.evalRaw(SLOW_OP_CELL);
    OpSpec slow = (OpSpec) kernel.evalRaw("var slow = text.then(slowCount()); slow");
    CompletableFuture<Object> cell = CompletableFuture.supplyAsync(() -> kernel.evalRaw("show(slow)"));
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(kernel.cellContextLoader()); // a status names its op, a class of the cell
    try {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (Notebook.runner().status(slow).state() != OpState.RUNNING) {
        assertTrue(System.nanoTime() < deadline && !cell.isDone(), "the slow op never started: " + cell);
        Thread.sleep(20);
      }
      kernel.interrupt();
      ExecutionException stopped = assertThrows(ExecutionException.class, () -> cell.get(30, TimeUnit.SECONDS));
      CellException failure = assertInstanceOf(CellException.class, stopped.getCause());
      assertTrue(failure.getMessage().startsWith("krnel.runner.OpFailedException: SlowCountOp"), failure.getMessage());
      assertTrue(failure.getMessage().contains("failed: interrupted"), failure.getMessage());
      OpStatus status = Notebook.runner().status(slow);
      assertEquals(OpState.FAILED, status.state());
      assertTrue(status.error().startsWith("interrupted"), status.error());
    } finally {
      thread.setContextClassLoader(previous);
      kernel.interrupt(); // where an assertion failed: the slow cell must not hold up the next tests
    }
    // the next cell runs, on an uninterrupted thread
    assertEquals(2, kernel.evalRaw("1 + 1"));
    assertEquals(false, kernel.evalRaw("Thread.currentThread().isInterrupted()"));
  }

  /** An op that would take days, with a progress step each millisecond: only an interrupt ends it. */
  static final String SLOW_OP_CELL = """
      %%krnelop
      @Op interface SlowCountOp extends ScoreColumn { TextColumn text(); }
      @Implementation class SlowCountImplementation implements OpImplementation<SlowCountOp> {
        public Class<SlowCountOp> opType() { return SlowCountOp.class; }
        public String version() { return "1"; }
        public Result compute(SlowCountOp op, Inputs inputs) {
          System.out.println("slow op computing");
          System.out.flush();
          try (Progress progress = inputs.progress("slow count", 1_000_000_000L)) {
            while (true) {
              long until = System.nanoTime() + 1_000_000;
              while (System.nanoTime() < until) { Thread.onSpinWait(); }
              progress.step(1);
            }
          }
        }
      }
      """;

  @Test
  void mistakesAreOneMessageThatSaysWhatToDo() {
    CellException compile = assertThrows(CellException.class, () -> kernel.evalRaw("""
        %%krnelop
        @Op interface BrokenOp extends ScoreColumn {
          TextColumn text()
        }
        """));
    assertTrue(compile.getMessage().contains("line 3:"), compile.getMessage()); // the cell's line, the magic's counted
    String fixed = kernel.evalRaw("%%krnelop\n@Op interface BrokenOp extends ScoreColumn {\n  TextColumn text();\n}").toString();
    assertTrue(fixed.contains("imported BrokenOp, ImmutableBrokenOp"), fixed);
    CellException packaged = assertThrows(CellException.class, () -> kernel.evalRaw("%%krnelop\npackage a.b;\ninterface X {}"));
    assertTrue(packaged.getMessage().contains("remove that line"), packaged.getMessage());
    CellException unknown = assertThrows(CellException.class, () -> kernel.evalRaw("%%bash\nls"));
    assertTrue(unknown.getMessage().contains("this kernel has %%krnelop"), unknown.getMessage());
    CellException thrown = assertThrows(CellException.class, () -> kernel.evalRaw("int zero = 0; int x = 1 / zero;"));
    assertTrue(thrown.getMessage().startsWith("java.lang.ArithmeticException: / by zero"), thrown.getMessage());
    CellException snippet = assertThrows(CellException.class, () -> kernel.evalRaw("undefinedThing + 1"));
    assertTrue(snippet.getMessage().contains("cannot find symbol"), snippet.getMessage());
  }

  /** The wire name in each box of a DagSvg graph, by the box's index (its place in the op list). */
  private static List<String> boxes(String html) {
    Matcher box = Pattern.compile("<g class=\"node\" data-index=\"(\\d+)\".*?<text[^>]*>[^<]*</text><text[^>]*>([^<]*)</text>")
        .matcher(html);
    List<String> names = new ArrayList<>();
    while (box.find()) {
      assertEquals(names.size(), Integer.parseInt(box.group(1)), html);
      names.add(box.group(2));
    }
    return names;
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      n++;
    }
    return n;
  }
}
