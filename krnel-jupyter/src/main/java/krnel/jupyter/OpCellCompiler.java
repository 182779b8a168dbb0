package krnel.jupyter;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a {@code %%krnelop} cell with javac and the Krnel annotation processors, in this process.
 * Each cell gets a package of its own ({@code notebook.cell3}) and a directory of its own, so a later
 * cell that declares a type of the same name makes new classes beside the old ones instead of
 * clashing with them; the kernel then imports the new names into JShell. Top-level types become
 * public (JShell's snippets live in another package), and each goes into a file of its own, laid out
 * so that error lines are the cell's lines.
 */
final class OpCellCompiler {
  static final String PACKAGE_PREFIX = "notebook.cell";
  /** The imports of every cell, as in a Main.java of the samples; a cell's own imports come after. */
  static final List<String> DEFAULT_IMPORTS = List.of("java.util.*", "krnel.annotations.*", "krnel.graph.*",
      "krnel.ops.*", "krnel.types.*", "krnel.runner.*");
  private static final String PROCESSORS = "krnel.processor.OpProcessor,krnel.processor.ImplementationProcessor";
  private static final String OP_CATALOGUE = "META-INF/services/krnel.graph.OpType";
  private static final String MODULES = "META-INF/services/krnel.runner.KrnelModule";

  private final Path root;
  private final String classpath;
  private final List<Path> earlierCells = new ArrayList<>();
  /** Simple name to qualified name of the newest notebook type of each name, imported into later cells. */
  private final Map<String, String> notebookTypes = new LinkedHashMap<>();
  private int cells;
  private int attempts;

  OpCellCompiler(Path root, String classpath) {
    this.root = root;
    this.classpath = classpath;
  }

  /**
   * What a cell made: its package and class directory, its top-level classes by simple name (the
   * declared ones and the generated ones), and the op catalogue entries the processor wrote.
   */
  record Cell(String packageName, Path classes, List<String> classNames, List<String> catalogue, List<String> modules) {}

  Cell compile(String source) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new CellException("%%krnelop: this Java runtime has no compiler; start the kernel with a JDK (not a JRE)");
    }
    String packageName = PACKAGE_PREFIX + (cells + 1);
    Map<String, String> files = split(javac, source, packageName);
    // a fresh directory per attempt: a failed compile may leave generated files that the next would merge
    Path dir = root.resolve("cell" + (cells + 1) + "-" + ++attempts);
    Path classes = dir.resolve("classes");
    try {
      Files.createDirectories(classes);
      Files.createDirectories(dir.resolve("generated"));
    } catch (IOException e) {
      throw new UncheckedIOException("%%krnelop: cannot create " + dir + ": " + e.getMessage(), e);
    }
    List<JavaFileObject> units = new ArrayList<>();
    files.forEach((name, text) -> units.add(new CellSource(name, text)));
    StringBuilder path = new StringBuilder(classpath);
    earlierCells.forEach(cell -> path.append(File.pathSeparator).append(cell));
    List<String> options = List.of("-d", classes.toString(), "-s", dir.resolve("generated").toString(),
        "-classpath", path.toString(), "-processor", PROCESSORS, "-encoding", "UTF-8", "-Xlint:none", "-nowarn");
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    boolean ok;
    try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      ok = javac.getTask(new StringWriter(), fileManager, diagnostics, options, null, units).call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!ok) {
      throw new CellException("%%krnelop: the cell does not compile:\n" + errors(diagnostics));
    }
    cells++;
    earlierCells.add(classes);
    List<String> catalogue = takeServices(classes.resolve(OP_CATALOGUE));
    List<String> modules = takeServices(classes.resolve(MODULES));
    List<String> classNames = topLevelClasses(classes.resolve(packageName.replace('.', '/')));
    for (String name : classNames) {
      notebookTypes.put(name, packageName + "." + name);
    }
    return new Cell(packageName, classes, classNames, catalogue, modules);
  }

  /** The cell's top-level types, one file each: {@code Name.java} to its text. */
  private Map<String, String> split(JavaCompiler javac, String source, String packageName) {
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    JavacTask task = (JavacTask) javac.getTask(null, null, diagnostics, List.of("-proc:none"), null,
        List.of(new CellSource("Cell", source)));
    CompilationUnitTree unit;
    try {
      unit = task.parse().iterator().next();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (diagnostics.getDiagnostics().stream().anyMatch(d -> d.getKind() == Diagnostic.Kind.ERROR)) {
      throw new CellException("%%krnelop: the cell does not parse:\n" + errors(diagnostics));
    }
    if (unit.getPackageName() != null) {
      throw new CellException("%%krnelop: the cell declares package " + unit.getPackageName()
          + "; remove that line: each cell is compiled into a package of its own");
    }
    SourcePositions positions = Trees.instance(task).getSourcePositions();
    List<String> ownImports = new ArrayList<>();
    for (ImportTree anImport : unit.getImports()) {
      ownImports.add(source.substring((int) positions.getStartPosition(unit, anImport), (int) positions.getEndPosition(unit, anImport)));
    }
    List<ClassTree> types = new ArrayList<>();
    for (Tree tree : unit.getTypeDecls()) {
      if (tree instanceof ClassTree type) {
        types.add(type);
      }
    }
    if (types.isEmpty()) {
      throw new CellException("%%krnelop: the cell declares no type; it holds @Op interfaces and @Implementation"
          + " classes (run other code in a plain cell)");
    }
    StringBuilder header = new StringBuilder("package ").append(packageName).append(";");
    DEFAULT_IMPORTS.forEach(i -> header.append(" import ").append(i).append(';'));
    for (Map.Entry<String, String> type : notebookTypes.entrySet()) { // earlier cells' newest types
      if (types.stream().noneMatch(t -> t.getSimpleName().contentEquals(type.getKey()))
          && ownImports.stream().noneMatch(i -> i.endsWith("." + type.getKey() + ";"))) {
        header.append(" import ").append(type.getValue()).append(';');
      }
    }
    ownImports.forEach(i -> header.append(' ').append(i));
    Map<String, String> files = new LinkedHashMap<>();
    for (ClassTree type : types) {
      int start = (int) positions.getStartPosition(unit, type);
      long line = source.substring(0, start).chars().filter(c -> c == '\n').count();
      String text = madePublic(source, unit, positions, type);
      files.put(type.getSimpleName().toString(), header + "\n".repeat((int) line) + (line == 0 ? " " : "") + text + "\n");
    }
    return files;
  }

  /**
   * The source with {@code public} before the type and before its methods, fields and member types
   * that have no access modifier: cells are written as JShell snippets are, and JShell's code lives in
   * another package. Returns the type's text.
   */
  private static String madePublic(String source, CompilationUnitTree unit, SourcePositions positions, ClassTree type) {
    List<Integer> at = new ArrayList<>();
    if (!type.getModifiers().getFlags().contains(Modifier.PUBLIC)) {
      at.add((int) positions.getStartPosition(unit, type));
    }
    if (type.getKind() == Tree.Kind.CLASS) { // interface members are public already; enums and records are left alone
      for (Tree member : type.getMembers()) {
        java.util.Set<Modifier> flags = member instanceof MethodTree m ? m.getModifiers().getFlags()
            : member instanceof VariableTree v ? v.getModifiers().getFlags()
            : member instanceof ClassTree c ? c.getModifiers().getFlags() : null;
        if (flags != null && !flags.contains(Modifier.PUBLIC) && !flags.contains(Modifier.PRIVATE)
            && !flags.contains(Modifier.PROTECTED)) {
          at.add((int) positions.getStartPosition(unit, member));
        }
      }
    }
    int start = (int) positions.getStartPosition(unit, type);
    StringBuilder out = new StringBuilder(source.substring(start, (int) positions.getEndPosition(unit, type)));
    at.stream().sorted(java.util.Comparator.reverseOrder()).forEach(position -> out.insert(position - start, "public "));
    return out.toString();
  }

  /** The entries of a services file the processor wrote, which is then removed: the kernel registers them itself. */
  private static List<String> takeServices(Path file) {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      List<String> entries = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
      Files.delete(file);
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> topLevelClasses(Path packageDir) {
    try (Stream<Path> files = Files.list(packageDir)) {
      return files.map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".class") && !n.contains("$"))
          .map(n -> n.substring(0, n.length() - ".class".length()))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String errors(DiagnosticCollector<JavaFileObject> diagnostics) {
    StringBuilder out = new StringBuilder();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        String where = d.getSource() instanceof CellSource ? "line " + (d.getLineNumber() + 1) + ": " // + 1: the %%krnelop line
            : d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ";
        out.append("  ").append(where).append(d.getMessage(Locale.ROOT)).append('\n');
      }
    }
    return out.toString().stripTrailing();
  }

  /** A source held in memory: {@code Name.java} of the cell's package (the path javac checks public types against). */
  private static final class CellSource extends SimpleJavaFileObject {
    private final String text;

    CellSource(String simpleName, String text) {
      super(URI.create("string:///" + simpleName + ".java"), Kind.SOURCE);
      this.text = text;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text;
    }
  }
}
