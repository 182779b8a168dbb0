package krnel.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static krnel.processor.RuntimeStubs.compile;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.api.Test;

/**
 * AutoValue style: an op whose field types do not exist yet, because another processor generates
 * them in a later round, is read again in the next round rather than failed.
 */
class DeferralTest {

  /** Generates {@code test.LateMode} and {@code test.LateColumn} in its first round, as another processor would. */
  static final class LateTypesProcessor extends AbstractProcessor {
    private boolean done;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!done) {
        done = true;
        write("test.LateMode", "package test;\n\npublic enum LateMode { FAST, SLOW }\n");
        write("test.LateColumn", "package test;\n\npublic interface LateColumn extends krnel.types.TextColumn {}\n");
      }
      return false;
    }

    private void write(String name, String source) {
      try (Writer out = processingEnv.getFiler().createSourceFile(name).openWriter()) {
        out.write(source);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void opWaitsForTypesGeneratedInALaterRound() {
    TestSource op = DiagnosticsTest.source("WaitingOp",
        "@Op",
        "public interface WaitingOp extends TextColumn {",
        "  TextColumn text();",
        "  LateMode mode();",
        "  List<LateColumn> parts();",
        "  Map<String, LateColumn> named();",
        "}");
    Compilation compilation = compile(List.of(new LateTypesProcessor()), op.file);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.ImmutableWaitingOp").contentsAsUtf8String()
        .contains("private static final EnumWire<LateMode> LATE_MODE_WIRE = new EnumWire<>(LateMode.class, \"fast\", \"slow\");");
    assertThat(compilation).generatedSourceFile("test.ImmutableWaitingOp").contentsAsUtf8String()
        .contains("Values.inputList(TYPE, \"parts\", builder.parts, LateColumn.class)");
    // Fluent interfaces are written once no op waits, so they include the deferred one.
    assertThat(compilation).generatedSourceFile("krnel.types.TextColumnFluent").contentsAsUtf8String()
        .contains("default WaitingOp waiting(LateMode mode, List<LateColumn> parts, Map<String, LateColumn> named)");
  }

  @Test
  void opThatStillWaitsAtTheEndIsReportedNotGenerated() {
    TestSource op = DiagnosticsTest.source("NeverReadyOp",
        "@Op",
        "public interface NeverReadyOp extends TextColumn {",
        "  TextColumn text();",
        "  NeverGenerated mode();",
        "}");
    Compilation compilation = compile(List.of(new LateTypesProcessor()), op.file);
    assertThat(compilation).hadErrorContaining("[KrnelOpUnresolvedType] field mode of op NeverReadyOp has type NeverGenerated")
        .inFile(op.file)
        .onLine(op.line("mode();"));
  }
}
