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

  /** Compiles {@code sources} with the stubs, the Krnel processor and {@code others} (which run after it). */
  static Compilation compile(List<Processor> others, JavaFileObject... sources) {
    List<Processor> processors = new ArrayList<>();
    processors.add(new OpProcessor());
    processors.addAll(others);
    List<JavaFileObject> files = new ArrayList<>(all());
    files.addAll(List.of(sources));
    return javac()
        .withProcessors(processors)
        .withOptions("-Xlint:all,-processing")
        .compile(files);
  }
}
