package krnel.jupyter;

import com.google.inject.Module;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import krnel.graph.OpSpec;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;

/**
 * The Krnel kernel: Java cells run by JShell in this JVM (so values are objects the kernel can
 * render), with Krnel's imports; an op shows its graph, {@link Rich} values show themselves, and a
 * {@code %%krnelop} cell compiles ops and implementations with the Krnel processor.
 *
 * <p>Splitting a cell into snippets and answering {@code is_complete} follow {@code CodeEvaluator} of
 * DFLib JJava 1.0-a6 (Apache License, Version 2.0; Copyright 2025 ObjectStyle LLC and Individual Authors).
 */
final class KrnelKernel extends BaseKernel {
  /** A Krnel user's Main.java imports, and the notebook's helpers. */
  static final List<String> STARTUP_IMPORTS = List.of(
      "import java.util.*;", "import java.nio.file.*;",
      "import krnel.graph.*;", "import krnel.ops.*;", "import krnel.types.*;", "import krnel.runner.*;",
      "import static krnel.ops.LLMLayerActivationsOp.TokenMode.*;",
      "import static krnel.ops.TrainClassifierOp.Preprocessing.*;",
      "import static krnel.jupyter.Notebook.*;");
  private static final String CELL_MAGIC = "%%krnelop";

  private final JShell shell;
  private final NotebookExecutionControl control;
  private final OpCellCompiler cells;
  private final CellCatalogue catalogue;
  /** The import snippet of each name a {@code %%krnelop} cell brought in; a newer cell's import replaces it. */
  private final Map<String, Snippet> cellImports = new HashMap<>();

  private KrnelKernel(JShell shell, NotebookExecutionControl control, Path cellsDir, String classpath) {
    super("krnel", version(), new LanguageInfo.Builder("Java").version(Runtime.version().toString())
            .mimetype("text/x-java-source").fileExtension(".jshell").pygments("java").codemirror("java").build(),
        List.of(), null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(),
        new MagicParser("(?<=(?:^|=))\\s*%", "%%", new MagicTranspiler()), new MagicsRegistry(), false,
        new StringStyler.Builder().addPrimaryStyle(TextColor.BOLD_RESET_FG).addSecondaryStyle(TextColor.BOLD_RED_FG)
            .addHighlightStyle(TextColor.BOLD_RESET_FG).addHighlightStyle(TextColor.RED_BG).build());
    this.shell = shell;
    this.control = control;
    this.cells = new OpCellCompiler(cellsDir, classpath);
    this.catalogue = new CellCatalogue(cellsDir);
  }

  /** A kernel whose JShell sees {@code classpath} (the kernel's own) and has run Krnel's imports. */
  static KrnelKernel start(String classpath) {
    NotebookExecutionControl control = new NotebookExecutionControl(new NotebookLoaderDelegate());
    JShell shell = JShell.builder()
        .executionEngine(NotebookExecutionControl.providing(control), Map.of())
        .compilerOptions("-Xlint:none")
        .build();
    shell.addToClasspath(classpath);
    Path cellsDir;
    try {
      cellsDir = Files.createTempDirectory("krnel-notebook-cells");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for %%krnelop cells: " + e.getMessage(), e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(cellsDir), "krnel-notebook-cleanup"));
    KrnelKernel kernel = new KrnelKernel(shell, control, cellsDir, classpath);
    kernel.onStartup(); // BaseKernel.notebookKernel(), which display(...) uses
    for (String snippet : STARTUP_IMPORTS) {
      kernel.evalSnippet(snippet);
    }
    return kernel;
  }

  static KrnelKernel current() {
    BaseKernel kernel = BaseKernel.notebookKernel();
    if (!(kernel instanceof KrnelKernel krnel)) {
      throw new IllegalStateException("display(...) works in a notebook run by the Krnel kernel");
    }
    return krnel;
  }

  void display(Object value) {
    DisplayData data = render(value);
    if (data != null) {
      display(data);
    }
  }

  @Override
  public Object evalRaw(String code) {
    String trimmed = code.stripLeading();
    if (trimmed.startsWith("%%")) {
      int newline = trimmed.indexOf('\n');
      String magic = (newline < 0 ? trimmed : trimmed.substring(0, newline)).strip();
      if (!magic.equals(CELL_MAGIC)) {
        throw new CellException("unknown cell magic " + magic + "; this kernel has " + CELL_MAGIC
            + " (a cell of @Op interfaces and @Implementation classes)");
      }
      return compileOpCell(newline < 0 ? "" : trimmed.substring(newline + 1));
    }
    Object last = null;
    SourceCodeAnalysis.CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(code);
    while (info.completeness().isComplete()) {
      last = evalSnippet(info.source());
      info = shell.sourceCodeAnalysis().analyzeCompletion(info.remaining());
    }
    if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
      throw new CellException("incomplete code at the end of the cell:\n" + info.remaining().strip());
    }
    return last;
  }

  @Override
  public DisplayData eval(String code) {
    return render(evalRaw(code));
  }

  /** Runs one snippet; returns the value of an expression, null for anything else. */
  private Object evalSnippet(String source) {
    Object value = null;
    List<SnippetEvent> events = shell.eval(source);
    for (SnippetEvent event : events) {
      if (event.causeSnippet() != null) {
        continue; // another snippet updated because of this one
      }
      Object taken = event.snippet().subKind().isExecutable() ? control.take(event.value()) : null;
      JShellException exception = event.exception();
      if (exception != null) {
        throw failure(exception);
      }
      if (!event.status().isDefined()) {
        throw new CellException(compileErrors(event.snippet()));
      }
      switch (event.snippet().subKind()) {
        case VAR_VALUE_SUBKIND, OTHER_EXPRESSION_SUBKIND, TEMP_VAR_EXPRESSION_SUBKIND -> value = taken;
        default -> value = null;
      }
    }
    return value;
  }

  /** Compiles the cell, puts its classes on JShell's class path, imports its names and registers its implementations. */
  private Rich compileOpCell(String source) {
    OpCellCompiler.Cell cell = cells.compile(source);
    shell.addToClasspath(cell.classes().toString());
    NotebookLoaderDelegate loader = control.loader();
    if (!cell.catalogue().isEmpty()) {
      loader.setContextLoader(catalogue.update(cell.catalogue(), loader.classLoader()));
    }
    List<String> imported = new ArrayList<>();
    TreeSet<String> steps = new TreeSet<>();
    for (String name : cell.classNames()) {
      String qualified = cell.packageName() + "." + name;
      if (name.endsWith("_KrnelModule")) {
        continue;
      }
      if (name.equals("KrnelOps")) {
        for (Method method : load(qualified).getMethods()) {
          if (Modifier.isStatic(method.getModifiers()) && method.getDeclaringClass().getName().equals(qualified)) {
            steps.add(method.getName());
          }
        }
        continue;
      }
      importName(name, "import " + qualified + ";");
      imported.add(name);
    }
    for (String step : steps) {
      importName("static " + step, "import static " + cell.packageName() + ".KrnelOps." + step + ";");
    }
    Map<String, Module> modules = new LinkedHashMap<>();
    for (String module : cell.modules()) {
      try {
        modules.put(module.substring(module.lastIndexOf('.') + 1), (Module) load(module).getDeclaredConstructor().newInstance());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("%%krnelop: cannot create " + module + ": " + e, e);
      }
    }
    Notebook.useImplementations(modules);
    String text = "%%krnelop: compiled into " + cell.packageName() + "; imported " + String.join(", ", imported)
        + (steps.isEmpty() ? "" : "; steps " + String.join(", ", steps))
        + (modules.isEmpty() ? "" : "; runner() now has " + String.join(", ", modules.keySet()).replace("_KrnelModule", ""));
    return Rich.text(text);
  }

  private Class<?> load(String name) {
    try {
      return Class.forName(name, true, control.loader().classLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("%%krnelop: " + name + " was compiled but cannot be loaded: " + e.getMessage(), e);
    }
  }

  private void importName(String key, String importSnippet) {
    Snippet previous = cellImports.remove(key);
    if (previous != null) {
      shell.drop(previous);
    }
    List<SnippetEvent> events = shell.eval(importSnippet);
    SnippetEvent event = events.get(0);
    if (!event.status().isDefined()) {
      throw new CellException("%%krnelop: " + importSnippet + " failed:\n" + compileErrors(event.snippet()));
    }
    cellImports.put(key, event.snippet());
  }

  private DisplayData render(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof DisplayData data) {
      return data;
    }
    Rich rich = value instanceof Rich r ? r : value instanceof OpSpec op ? OpView.of(op) : Rich.text(String.valueOf(value));
    DisplayData data = new DisplayData();
    rich.data().forEach(data::putData);
    return data;
  }

  private RuntimeException failure(JShellException exception) {
    if (exception instanceof EvalException e) {
      CellException failure = new CellException(e.getExceptionClassName() + ": " + e.getMessage());
      failure.setStackTrace(e.getStackTrace());
      return failure;
    }
    if (exception instanceof UnresolvedReferenceException e) {
      return new CellException("unresolved: " + String.join(", ", shell.unresolvedDependencies(e.getSnippet()).toList()));
    }
    return new CellException(exception.toString());
  }

  private String compileErrors(Snippet snippet) {
    StringBuilder out = new StringBuilder();
    for (Diag diag : shell.diagnostics(snippet).toList()) {
      if (diag.isError()) {
        String source = snippet.source();
        int start = (int) Math.max(0, diag.getStartPosition());
        int lineStart = source.lastIndexOf('\n', Math.max(0, start - 1)) + 1;
        int lineEnd = source.indexOf('\n', start);
        String line = source.substring(lineStart, lineEnd < 0 ? source.length() : lineEnd);
        out.append("error: ").append(diag.getMessage(null)).append("\n    ").append(line.strip()).append('\n');
      }
    }
    return out.length() == 0 ? "the snippet was rejected: " + snippet.source().strip() : out.toString().stripTrailing();
  }

  /** A cell's own mistakes show as their message and the user's frames, without the kernel's. */
  @Override
  public List<String> formatError(Throwable e) {
    if (!(e instanceof CellException)) {
      return super.formatError(e);
    }
    List<String> lines = new ArrayList<>(List.of(e.getMessage().split("\n")));
    for (StackTraceElement frame : e.getStackTrace()) {
      String file = frame.getFileName();
      if (file != null && file.startsWith("#")) { // JShell names a snippet's frames #<snippet id>
        lines.add("    at snippet " + file + ", line " + frame.getLineNumber());
        continue;
      }
      if (frame.getClassName().startsWith("jdk.internal.reflect") || frame.getClassName().startsWith("java.lang.reflect")) {
        break; // below the snippet: JShell's machinery
      }
      lines.add("    at " + frame);
    }
    return lines;
  }

  @Override
  public DisplayData inspect(String code, int at, boolean extraDetail) {
    List<SourceCodeAnalysis.Documentation> docs = shell.sourceCodeAnalysis().documentation(code, at, true);
    if (docs.isEmpty()) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    for (SourceCodeAnalysis.Documentation doc : docs) {
      text.append(doc.signature()).append('\n');
      if (doc.javadoc() != null) {
        text.append(doc.javadoc()).append('\n');
      }
    }
    return new DisplayData(text.toString());
  }

  @Override
  public ReplacementOptions complete(String code, int at) {
    int[] anchor = new int[1];
    List<String> options = shell.sourceCodeAnalysis().completionSuggestions(code, at, anchor).stream()
        .map(SourceCodeAnalysis.Suggestion::continuation).distinct().toList();
    return options.isEmpty() ? null : new ReplacementOptions(options, anchor[0], at);
  }

  @Override
  public String isComplete(String code) {
    if (code.stripLeading().startsWith("%%")) {
      return IS_COMPLETE_YES;
    }
    SourceCodeAnalysis.CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(code);
    while (info.completeness().isComplete()) {
      info = shell.sourceCodeAnalysis().analyzeCompletion(info.remaining());
    }
    return switch (info.completeness()) {
      case EMPTY, COMPLETE, COMPLETE_WITH_SEMI -> IS_COMPLETE_YES;
      case CONSIDERED_INCOMPLETE, DEFINITELY_INCOMPLETE -> "";
      case UNKNOWN -> IS_COMPLETE_BAD;
    };
  }

  /** The context class loader cells run with (it holds their op catalogue): what reads a cell op's status needs it. */
  ClassLoader cellContextLoader() {
    return control.loader().contextLoader();
  }

  /** Jupyter's interrupt request (the stop button; the kernelspec's interrupt_mode is message): stops the running cell. */
  @Override
  public void interrupt() {
    shell.stop();
  }

  @Override
  public void onShutdown(boolean restart) {
    shell.close();
  }

  /** The classes of {@code %%krnelop} cells live as long as the kernel. */
  private static void deleteTree(Path dir) {
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      System.err.println("krnel: could not delete " + dir + ": " + e.getMessage());
    }
  }

  private static String version() {
    String version = KrnelKernel.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
