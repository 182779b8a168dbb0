package krnel.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static krnel.processor.RuntimeStubs.compileAsUserCode;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code @Implementation}: a generated module per class, and the services file listing them all. */
class ImplementationProcessorTest {
  private static final String SERVICES = "META-INF/services/krnel.runner.KrnelModule";

  static TestSource implementation(String className, String body) {
    String packageName = className.substring(0, className.lastIndexOf('.'));
    return TestSource.of(className,
        "package " + packageName + ";",
        "",
        "import krnel.annotations.Implementation;",
        "import krnel.runner.OpImplementation;",
        "",
        body);
  }

  static final TestSource ALPHA = implementation("app.AlphaImplementation", String.join("\n",
      "@Implementation",
      "public final class AlphaImplementation implements OpImplementation<app.CountOp> {",
      "  @Override public Class<app.CountOp> opType() { return app.CountOp.class; }",
      "}"));

  @Test
  void servicesFileListsTheModuleOfEveryAnnotatedClassSorted() {
    TestSource nested = implementation("app.Outer", String.join("\n",
        "public class Outer {",
        "  @Implementation",
        "  static final class Inner implements OpImplementation<app.CountOp> {",
        "    @javax.inject.Inject Inner(String injected) {}",
        "    @Override public Class<app.CountOp> opType() { return app.CountOp.class; }",
        "  }",
        "}"));
    TestSource injectAnnotation = TestSource.of("javax.inject.Inject",
        "package javax.inject;",
        "",
        "public @interface Inject {}");
    Compilation compilation = compileAsUserCode(List.of(), StepsClassTest.COUNT.file, ALPHA.file, nested.file, injectAnnotation.file);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedFile(StandardLocation.CLASS_OUTPUT, SERVICES)
        .contentsAsUtf8String()
        .isEqualTo("app.AlphaImplementation_KrnelModule\napp.Outer_Inner_KrnelModule\n");
    assertThat(RuntimeStubs.generatedSource(compilation, "app.Outer_Inner_KrnelModule"))
        .contains("implement(Outer.Inner.class);");
  }

  /**
   * A build that recompiles one class keeps the entries an earlier build wrote (and a hand-written
   * module already in the output, as Maven copies resources there before compiling).
   */
  @Test
  void servicesFileIsMergedWithTheOneInTheOutput(@TempDir Path output) throws IOException {
    Compilation first = compileAsUserCode(List.of(), StepsClassTest.COUNT.file, ALPHA.file);
    assertThat(first).succeededWithoutWarnings();
    RuntimeStubs.copyClasses(first, output);
    Path services = output.resolve(SERVICES);
    Files.writeString(services, Files.readString(services) + "app.HandWrittenModule\n", StandardCharsets.UTF_8);

    TestSource beta = implementation("app.BetaImplementation", String.join("\n",
        "@Implementation",
        "public final class BetaImplementation implements OpImplementation<app.CountOp> {",
        "  @Override public Class<app.CountOp> opType() { return app.CountOp.class; }",
        "}"));
    assertThat(RuntimeStubs.compileInto(output, beta.file)).isEmpty();
    assertThat(Files.readString(services)).isEqualTo(
        "app.AlphaImplementation_KrnelModule\napp.BetaImplementation_KrnelModule\napp.HandWrittenModule\n");
    assertThat(Files.exists(output.resolve("app/BetaImplementation_KrnelModule.class"))).isTrue();
  }

  @Test
  void noServicesFileWithoutImplementations() {
    Compilation compilation = compileAsUserCode(List.of(), StepsClassTest.COUNT.file);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation.generatedFile(StandardLocation.CLASS_OUTPUT, SERVICES)).isEmpty();
  }
}
