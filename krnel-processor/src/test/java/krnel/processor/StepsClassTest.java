package krnel.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static krnel.processor.RuntimeStubs.compileAsUserCode;
import static krnel.processor.RuntimeStubs.generatedSource;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code KrnelOps}: one class per package of custom ops, gathering their {@code then(...)} steps,
 * typed by the column they start from.
 */
class StepsClassTest {
  static final TestSource COUNT = TestSource.of("app.CountOp",
      "package app;",
      "",
      "@krnel.annotations.Op",
      "public interface CountOp extends krnel.types.VectorColumn {",
      "  krnel.types.TextColumn text();",
      "  java.util.List<String> words();",
      "  default boolean exact() {",
      "    return false;",
      "  }",
      "}");
  static final TestSource HOLDER = TestSource.of("app.Holder",
      "package app;",
      "",
      "public class Holder {",
      "  @krnel.annotations.Op",
      "  public interface FlagOp extends krnel.types.BooleanColumn {",
      "    krnel.types.VectorColumn x();",
      "  }",
      "}");

  @Test
  void oneClassPerPackageListsEveryStepNestedOpsIncluded() {
    TestSource other = TestSource.of("app.more.ShoutOp",
        "package app.more;",
        "",
        "@krnel.annotations.Op",
        "public interface ShoutOp extends krnel.types.TextColumn {",
        "  krnel.types.TextColumn text();",
        "}");
    Compilation compilation = compileAsUserCode(List.of(), COUNT.file, HOLDER.file, other.file);
    assertThat(compilation).succeededWithoutWarnings();
    String steps = generatedSource(compilation, "app.KrnelOps");
    assertThat(steps).contains("public static TextColumnFluent.Step<CountOp> count(List<String> words) {");
    assertThat(steps).contains("Consumer<ImmutableCountOp.Builder> options) {");
    assertThat(steps).contains("public static VectorColumnFluent.Step<Holder.FlagOp> flag() {");
    assertThat(steps).contains("return ImmutableHolderFlagOp.flag();");
    assertThat(generatedSource(compilation, "app.more.KrnelOps"))
        .contains("public static TextColumnFluent.Step<ShoutOp> shout() {");
  }

  @Test
  void oneStaticImportBringsEveryStep() {
    TestSource use = TestSource.of("app.Use",
        "package app;",
        "",
        "import static app.KrnelOps.*;",
        "",
        "import java.util.List;",
        "import krnel.types.BooleanColumn;",
        "import krnel.types.TextColumn;",
        "import krnel.types.VectorColumn;",
        "",
        "class Use {",
        "  static BooleanColumn use(TextColumn text) {",
        "    VectorColumn counts = text.then(count(List.of(\"free\"), o -> o.exact(true)));",
        "    return counts.then(flag());",
        "  }",
        "}");
    assertThat(compileAsUserCode(List.of(), COUNT.file, HOLDER.file, use.file)).succeededWithoutWarnings();
  }

  /** A step carries the column type it starts from: on another column it does not compile. */
  @Test
  void aStepOnTheWrongColumnTypeDoesNotCompile() {
    TestSource wrong = TestSource.of("app.Wrong",
        "package app;",
        "",
        "import static app.KrnelOps.count;",
        "",
        "import java.util.List;",
        "import krnel.types.BooleanColumn;",
        "",
        "class Wrong {",
        "  static Object use(BooleanColumn mask) {",
        "    return mask.then(count(List.of(\"free\")));",
        "  }",
        "}");
    Compilation compilation = compileAsUserCode(List.of(), COUNT.file, wrong.file);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("TextColumnFluent.Step<app.CountOp>").inFile(wrong.file)
        .onLine(wrong.line("mask.then("));
  }

  /**
   * A build that recompiles one op (IntelliJ, Gradle) has the others' classes in its output folder
   * only: KrnelOps, rewritten, still lists them.
   */
  @Test
  void aBuildThatRecompilesOneOpKeepsTheOthersSteps(@TempDir Path output) throws IOException {
    Compilation first = compileAsUserCode(List.of(), COUNT.file, HOLDER.file);
    assertThat(first).succeededWithoutWarnings();
    RuntimeStubs.copyClasses(first, output);

    TestSource added = TestSource.of("app.TrimOp",
        "package app;",
        "",
        "@krnel.annotations.Op",
        "public interface TrimOp extends krnel.types.TextColumn {",
        "  krnel.types.TextColumn text();",
        "}");
    Compilation second = compileAsUserCode(List.of(output), added.file);
    assertThat(second).succeededWithoutWarnings();
    String steps = generatedSource(second, "app.KrnelOps");
    assertThat(steps).contains("public static TextColumnFluent.Step<TrimOp> trim() {");
    assertThat(steps).contains("return ImmutableCountOp.count(");
    assertThat(steps).contains("return ImmutableHolderFlagOp.flag();");
  }

  /** Ops whose column type is compiled with them get fluent methods on the column, and no KrnelOps. */
  @Test
  void noStepsClassForOpsWithFluentMethods() {
    Compilation compilation = RuntimeStubs.compile(COUNT.file);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation.generatedSourceFile("app.KrnelOps")).isEmpty();
  }
}
