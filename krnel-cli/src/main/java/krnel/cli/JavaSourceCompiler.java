package krnel.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a Java source file in this process, with the Krnel annotation processor, so that
 * {@code krnel -f Main.java} reads a graph the way krnel-graph imports {@code main.py}: ops declared
 * in the file get their generated classes, and sibling sources of its package compile with it.
 */
final class JavaSourceCompiler {
  private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final String PROCESSOR = "krnel.processor.OpProcessor";

  private JavaSourceCompiler() {}

  /**
   * Compiles {@code source} into {@code output} against {@code classpath}; returns the binary name
   * of its top-level class.
   */
  static String compile(Path source, Path output, String classpath) {
    if (!Files.isRegularFile(source)) {
      throw new CliException("cannot read " + source + ": no such file", "check the path given to -f");
    }
    String text;
    try {
      text = Files.readString(source, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException("cannot read " + source + ": " + e.getMessage(), "check the path and its permissions", e);
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new CliException("this Java runtime has no compiler, so -f cannot compile " + source,
          "run krnel with a JDK (not a JRE), or compile the class yourself and pass it with -c and --classpath");
    }
    String packageName = packageOf(text);
    String stem = source.getFileName().toString().replaceFirst("\\.java$", "");
    List<String> options = new ArrayList<>(List.of(
        "-d", output.toString(),
        "-classpath", classpath,
        "-sourcepath", sourceRoot(source, packageName).toString(),
        "-processor", PROCESSOR, // named explicitly: JDK 23+ runs no processor found on the classpath by default
        "-implicit:class", "-encoding", "UTF-8", "-Xlint:none", "-nowarn"));
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    boolean ok;
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      StringWriter javacOutput = new StringWriter();
      ok = javac.getTask(javacOutput, files, diagnostics, options, null, files.getJavaFileObjects(source.toFile())).call();
    } catch (IOException e) {
      throw new CliException("compiling " + source + " failed: " + e.getMessage(), "check that the output directory is writable", e);
    } catch (RuntimeException e) {
      throw new CliException("compiling " + source + " failed: " + e, "rerun with --verbose for the compiler's stack trace", e);
    }
    if (!ok) {
      throw new CliException(source + " does not compile:\n" + errors(diagnostics),
          "fix the errors above; the file is compiled with the krnel jars and --classpath on its classpath");
    }
    return packageName.isEmpty() ? stem : packageName + "." + stem;
  }

  static String packageOf(String text) {
    Matcher matcher = PACKAGE.matcher(text);
    return matcher.find() ? matcher.group(1) : "";
  }

  /** The directory that holds the root of the file's package: {@code src/} for {@code src/a/b/Main.java} in package {@code a.b}. */
  private static Path sourceRoot(Path source, String packageName) {
    Path dir = source.toAbsolutePath().getParent();
    int depth = packageName.isEmpty() ? 0 : packageName.split("\\.").length;
    for (int i = 0; i < depth && dir.getParent() != null; i++) {
      dir = dir.getParent();
    }
    return dir;
  }

  private static String errors(DiagnosticCollector<JavaFileObject> diagnostics) {
    StringBuilder out = new StringBuilder();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        String file = d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName() + ":" + d.getLineNumber() + ": ";
        out.append("  ").append(file).append(d.getMessage(Locale.ROOT)).append('\n');
      }
    }
    return out.toString().stripTrailing();
  }
}
