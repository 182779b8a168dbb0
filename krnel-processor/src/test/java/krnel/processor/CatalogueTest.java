package krnel.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static krnel.processor.RuntimeStubs.compile;

import com.google.testing.compile.Compilation;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/** The ServiceLoader catalogue lists the generated {@code $Type} class of every op compiled. */
class CatalogueTest {
  private static final String SERVICES = "META-INF/services/krnel.graph.OpType";

  @Test
  void catalogueListsEveryOpTypeSorted() {
    TestSource alpha = DiagnosticsTest.source("AlphaOp",
        "@Op",
        "public interface AlphaOp extends TextColumn {",
        "  String name();",
        "}");
    TestSource holder = DiagnosticsTest.source("Holder",
        "public class Holder {",
        "  @Op",
        "  public interface BetaOp extends TextColumn {",
        "    String name();",
        "  }",
        "}");
    TestSource gamma = TestSource.of("other.GammaOp",
        "package other;",
        "",
        "@krnel.annotations.Op",
        "public interface GammaOp extends krnel.types.Dataset {",
        "  String path();",
        "}");
    Compilation compilation = compile(alpha.file, holder.file, gamma.file);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedFile(StandardLocation.CLASS_OUTPUT, SERVICES)
        .contentsAsUtf8String()
        .isEqualTo("other.ImmutableGammaOp$Type\n"
            + "test.ImmutableAlphaOp$Type\n"
            + "test.ImmutableHolderBetaOp$Type\n");
    // Each entry is a public class with a public no-argument constructor, as ServiceLoader needs.
    for (String generated : new String[] {"other.ImmutableGammaOp", "test.ImmutableAlphaOp", "test.ImmutableHolderBetaOp"}) {
      String source = RuntimeStubs.generatedSource(compilation, generated);
      assertThat(source).contains("  public static final class Type extends OpType<");
      assertThat(source).contains("    public Type() {\n");
    }
  }

  @Test
  void noCatalogueWithoutOps() {
    Compilation compilation = compile();
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation.generatedFile(StandardLocation.CLASS_OUTPUT, SERVICES)).isEmpty();
  }
}
