package krnel.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static krnel.processor.RuntimeStubs.compile;
import static krnel.processor.RuntimeStubs.generatedSource;

import com.google.testing.compile.Compilation;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generated code that must compile in the less common cases the golden file does not show. */
class GeneratedCodeTest {

  /** Fields may be named like the parameters and locals of generated methods. */
  @Test
  void fieldsNamedLikeGeneratedParameters() {
    TestSource op = DiagnosticsTest.source("Clashes",
        "@Op",
        "public interface Clashes extends TextColumn {",
        "  TextColumn text();",
        "  String options();",
        "  String input();",
        "  String visitor();",
        "  Object out();",
        "  String field();",
        "  String value();",
        "  String step();",
        "  String changes();",
        "  default int size() {",
        "    return 1;",
        "  }",
        "}");
    Compilation compilation = compile(op.file);
    assertThat(compilation).succeededWithoutWarnings();
    String generated = generatedSource(compilation, "test.ImmutableClashes");
    assertThat(generated).contains("visitor.visit(Type.VISITOR, this.visitor);");
    assertThat(generated).contains(".key(OUT_KEY).json(this.out)");
    assertThat(generated).contains("builder.input = this.input;");
    assertThat(generatedSource(compilation, "krnel.types.TextColumnFluent"))
        .contains("Consumer<ImmutableClashes.Builder> options_) {");
  }

  /**
   * An op on a column type compiled earlier (a library's, or the runtime's) cannot add methods to
   * its fluent interface; it gets static factories for {@code column.then(...)} instead.
   */
  @Test
  void stepFactoriesForAColumnTypeCompiledElsewhere(@TempDir Path library) throws IOException {
    TestSource words = TestSource.of("lib.Words",
        "package lib;",
        "",
        "@krnel.annotations.ColumnType",
        "public interface Words extends krnel.graph.OpSpec, WordsFluent {}");
    Compilation first = compile(words.file);
    assertThat(first).succeededWithoutWarnings();
    for (JavaFileObject file : first.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        Path target = library.resolve(file.getName().replaceFirst("^/CLASS_OUTPUT/", ""));
        Files.createDirectories(target.getParent());
        try (InputStream in = file.openInputStream()) {
          Files.copy(in, target);
        }
      }
    }

    TestSource op = TestSource.of("app.ShoutOp",
        "package app;",
        "",
        "@krnel.annotations.Op",
        "public interface ShoutOp extends krnel.types.TextColumn {",
        "  lib.Words words();",
        "  String input();",
        "  String options();",
        "  default int times() {",
        "    return 1;",
        "  }",
        "}");
    TestSource use = TestSource.of("app.Use",
        "package app;",
        "",
        "class Use {",
        "  static ShoutOp shout(lib.Words words) {",
        "    return words.then(ImmutableShoutOp.shout(\"a\", \"b\", o -> o.times(2)));",
        "  }",
        "}");
    List<File> classpath = new ArrayList<>();
    classpath.add(library.toFile());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classpath.add(new File(entry));
    }
    Compilation second = javac()
        .withProcessors(new OpProcessor())
        .withOptions("-Xlint:all,-processing")
        .withClasspath(classpath)
        .compile(op.file, use.file);
    assertThat(second).succeededWithoutWarnings();
    String generated = generatedSource(second, "app.ImmutableShoutOp");
    assertThat(generated).contains("public static WordsFluent.Step<ShoutOp> shout(String input, String options) {");
    assertThat(generated).contains("return input_ -> ImmutableShoutOp.builder().words(input_).input(input).options(options).build();");
    // The column type was compiled earlier, so its fluent interface is not written again.
    assertThat(second.generatedSourceFile("lib.WordsFluent")).isEmpty();
    // No fluent method on a column of this compilation; the step's name is recorded for pseudocode.
    assertThat(generated).contains("false, null, \"shout\");");
  }
}
