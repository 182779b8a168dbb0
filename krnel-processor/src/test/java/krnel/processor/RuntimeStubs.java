package krnel.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;

/**
 * Compiles test sources together with stubs of the runtime API that generated code refers to.
 *
 * <p>krnel-runtime needs this processor to build, so the processor's tests cannot depend on it
 * without a reactor cycle. Instead they compile against {@code src/test/resources/stubs}: the
 * {@code krnel.graph} classes with the runtime's exact public signatures and no behaviour
 * ({@link StubSignaturesTest} keeps them identical), and a few {@code krnel.types} column types
 * reduced to their declarations. Generated code that does not compile against the stubs would not
 * compile against the runtime either.
 */
final class RuntimeStubs {
  static final String ROOT = "stubs";

  private static List<JavaFileObject> stubs;
  private static Path library;

  private RuntimeStubs() {}

  /** Every stub, as a source file named by its class. */
  static synchronized List<JavaFileObject> all() {
    if (stubs == null) {
      List<JavaFileObject> files = new ArrayList<>();
      for (Path path : stubPaths()) {
        files.add(JavaFileObjects.forSourceString(className(path), read(path)));
      }
      stubs = List.copyOf(files);
    }
    return stubs;
  }

  /** The stub files, relative to the stub root, sorted. */
  static List<Path> stubPaths() {
    Path root = root();
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".java")).map(root::relativize).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path root() {
    URL url = RuntimeStubs.class.getClassLoader().getResource(ROOT);
    if (url == null) {
      throw new IllegalStateException(ROOT + " is not on the test classpath");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static String read(Path relative) {
    try {
      return Files.readString(root().resolve(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String className(Path relative) {
    String name = relative.toString().replace(relative.getFileSystem().getSeparator(), ".");
    return name.substring(0, name.length() - ".java".length());
  }

  /** This module's directory: Maven's {@code basedir}, or the working directory. */
  static Path moduleDir() {
    return Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
  }

  /**
   * The stubs compiled on their own into a folder, as a user's project sees the runtime: a jar on
   * its classpath, whose column types were compiled elsewhere (so custom ops get {@code then} steps).
   */
  static synchronized Path library() {
    if (library == null) {
      try {
        Path dir = Files.createDirectories(moduleDir().resolve(Path.of("target", "stubs-library")));
        Compilation stubsOnly = compile();
        if (stubsOnly.status() != Compilation.Status.SUCCESS) {
          throw new IllegalStateException("the stubs do not compile: " + stubsOnly.diagnostics());
        }
        copyClasses(stubsOnly, dir);
        library = dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return library;
  }

  /** Copies the class files (and resources) a compilation wrote into {@code dir}, as its output folder. */
  static void copyClasses(Compilation compilation, Path dir) throws IOException {
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getName().startsWith("/CLASS_OUTPUT/")) {
        Path target = dir.resolve(file.getName().substring("/CLASS_OUTPUT/".length()));
        Files.createDirectories(target.getParent());
        try (java.io.InputStream in = file.openInputStream()) {
          Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** The test classpath (annotations, the processor) plus {@code folders}. */
  static List<java.io.File> classpath(Path... folders) {
    List<java.io.File> classpath = new ArrayList<>();
    for (Path folder : folders) {
      classpath.add(folder.toFile());
    }
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      classpath.add(new java.io.File(entry));
    }
    return classpath;
  }

  /** Compiles {@code sources} as user code: against the {@link #library()} and {@code more} folders, with the Krnel processors. */
  static Compilation compileAsUserCode(List<Path> more, JavaFileObject... sources) {
    List<Path> folders = new ArrayList<>(more);
    folders.add(0, library());
    return javac()
        .withProcessors(new OpProcessor(), new ImplementationProcessor())
        .withOptions("-Xlint:all,-processing")
        .withClasspath(classpath(folders.toArray(new Path[0])))
        .compile(sources);
  }

  /**
   * Compiles {@code sources} with javac's own file manager into {@code output} (its classes and
   * resources; generated sources under {@code output/generated}), with {@code output} on the classpath
   * as Maven and IntelliJ put it: what an incremental build does. Returns the warnings and errors.
   */
  static List<String> compileInto(Path output, JavaFileObject... sources) throws IOException {
    javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
    javax.tools.DiagnosticCollector<JavaFileObject> diagnostics = new javax.tools.DiagnosticCollector<>();
    try (javax.tools.StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      Path generated = Files.createDirectories(output.resolve("generated"));
      files.setLocationFromPaths(javax.tools.StandardLocation.CLASS_OUTPUT, List.of(output));
      files.setLocationFromPaths(javax.tools.StandardLocation.SOURCE_OUTPUT, List.of(generated));
      files.setLocation(javax.tools.StandardLocation.CLASS_PATH, classpath(library(), output));
      javax.tools.JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics,
          List.of("-Xlint:all,-processing"), null, List.of(sources));
      task.setProcessors(List.of(new OpProcessor(), new ImplementationProcessor()));
      task.call();
    }
    return diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() != javax.tools.Diagnostic.Kind.NOTE)
        .map(d -> d.getKind() + ": " + d.getMessage(null))
        .collect(Collectors.toList());
  }

  /** The text of a source file the compilation generated. */
  static String generatedSource(Compilation compilation, String className) {
    JavaFileObject file = compilation.generatedSourceFile(className)
        .orElseThrow(() -> new AssertionError(className + " was not generated"));
    try {
      return file.getCharContent(false).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compiles {@code sources} with the stubs and the Krnel processor. */
  static Compilation compile(JavaFileObject... sources) {
    return compile(List.of(), sources);
  }

  /** Compiles {@code sources} with the stubs, the Krnel processors and {@code others} (which run after them). */
  static Compilation compile(List<Processor> others, JavaFileObject... sources) {
    List<Processor> processors = new ArrayList<>();
    processors.add(new OpProcessor());
    processors.add(new ImplementationProcessor());
    processors.addAll(others);
    List<JavaFileObject> files = new ArrayList<>(all());
    files.addAll(List.of(sources));
    return javac()
        .withProcessors(processors)
        .withOptions("-Xlint:all,-processing")
        .compile(files);
  }
}
