package krnel.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static krnel.processor.RuntimeStubs.compile;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dagger style: the whole generated source of one representative op, and of the fluent interface
 * of its column type, compared with golden files in {@code src/test/resources/golden/}.
 *
 * <p>When a change to the writers is intended, regenerate the golden files and review their diff:
 *
 * <pre>
 * mvn test -pl krnel-processor -Dtest=GoldenFileTest -Dkrnel.golden.update=true
 * git diff krnel-processor/src/test/resources/golden
 * </pre>
 */
class GoldenFileTest {
  static final String UPDATE_PROPERTY = "krnel.golden.update";
  static final Path GOLDEN_SOURCES = RuntimeStubs.moduleDir().resolve(Path.of("src", "test", "resources", "golden"));

  /** One field of each kind the writers handle differently. */
  static final JavaFileObject SAMPLE = JavaFileObjects.forSourceString("example.SampleEmbeddingOp", """
      package example;

      import java.util.List;
      import java.util.Map;
      import krnel.annotations.Check;
      import krnel.annotations.ExcludeFromUuid;
      import krnel.annotations.Name;
      import krnel.annotations.Nullable;
      import krnel.annotations.Op;
      import krnel.types.TextColumn;
      import krnel.types.VectorColumn;

      /** Embeds text with a local model. */
      @Op
      public interface SampleEmbeddingOp extends VectorColumn {
        /** How token vectors become one row. */
        enum Pooling {
          @Name("last_token") LAST,
          MEAN,
          @Name("cls") FIRST
        }

        /** An input, and the first one: the fluent method hangs on TextColumn. */
        TextColumn text();

        String modelName();

        default int maxLength() {
          return 512;
        }

        @Nullable
        Integer batchSize();

        default Pooling pooling() {
          return Pooling.LAST;
        }

        default double temperature() {
          return 1e-5;
        }

        List<String> stopWords();

        Map<String, Object> modelKwargs();

        List<TextColumn> extraTexts();

        Map<String, TextColumn> namedTexts();

        /** Nullable with a default: the builder tells "set to null" from "not set". */
        @Nullable
        default String device() {
          return "cpu";
        }

        /** Where a copy is cached: not part of what the op is. */
        @ExcludeFromUuid
        @Nullable
        String cachePath();

        @Check
        default void validate() {}
      }
      """);

  private static Compilation compilation;

  @BeforeAll
  static void compileSample() {
    compilation = compile(SAMPLE);
  }

  @Test
  void sampleCompilesWithoutWarnings() {
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void immutableClass() throws IOException {
    assertMatchesGolden("example.ImmutableSampleEmbeddingOp", "ImmutableSampleEmbeddingOp.java");
  }

  @Test
  void fluentInterface() throws IOException {
    assertMatchesGolden("krnel.types.TextColumnFluent", "TextColumnFluent.java");
  }

  /** Custom ops (on column types compiled elsewhere) and an implementation, as a user's project has them. */
  @Test
  void stepsClassAndImplementationModule() throws IOException {
    JavaFileObject implementation = JavaFileObjects.forSourceString("app.CountImplementation", """
        package app;

        import krnel.annotations.Implementation;
        import krnel.runner.OpImplementation;

        @Implementation
        public final class CountImplementation implements OpImplementation<CountOp> {
          @Override
          public Class<CountOp> opType() {
            return CountOp.class;
          }
        }
        """);
    Compilation user = RuntimeStubs.compileAsUserCode(java.util.List.of(),
        StepsClassTest.COUNT.file, StepsClassTest.HOLDER.file, implementation);
    assertThat(user).succeededWithoutWarnings();
    assertMatchesGolden(user, "app.KrnelOps", "KrnelOps.java");
    assertMatchesGolden(user, "app.CountImplementation_KrnelModule", "CountImplementation_KrnelModule.java");
  }

  private static void assertMatchesGolden(String generatedClass, String golden) throws IOException {
    assertThat(compilation).succeeded();
    assertMatchesGolden(compilation, generatedClass, golden);
  }

  private static void assertMatchesGolden(Compilation compilation, String generatedClass, String golden) throws IOException {
    String actual = RuntimeStubs.generatedSource(compilation, generatedClass);
    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      Files.createDirectories(GOLDEN_SOURCES);
      Files.writeString(GOLDEN_SOURCES.resolve(golden), actual, StandardCharsets.UTF_8);
      return;
    }
    String expected;
    try (InputStream in = GoldenFileTest.class.getClassLoader().getResourceAsStream("golden/" + golden)) {
      assertWithMessage("golden file %s; create it with -D%s=true", golden, UPDATE_PROPERTY).that(in).isNotNull();
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertWithMessage("%s differs from golden/%s; if the change is intended, rerun with -D%s=true and review the diff",
            generatedClass, golden, UPDATE_PROPERTY)
        .that(actual)
        .isEqualTo(expected);
  }
}
