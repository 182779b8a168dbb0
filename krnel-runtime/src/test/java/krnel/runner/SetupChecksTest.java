package krnel.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.multibindings.Multibinder;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A missing JVM flag and a processor that did not run each get one line naming the fix. */
class SetupChecksTest {
  @TempDir Path scratch;

  @Test
  void runnerWithoutTheArrowFlagFailsWithOneLineNamingIt() throws Exception {
    Path log = scratch.resolve("child.log");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), OpenMemoryRunner.class.getName())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    assertEquals(1, child.exitValue(), String.join("\n", lines));
    assertEquals(1, lines.size(), "one line, not Arrow's trace:\n" + String.join("\n", lines));
    assertTrue(lines.get(0).contains("krnel.runner.SetupException: Krnel's tables (Apache Arrow) need the JVM flag"
        + " --add-opens=java.base/java.nio=ALL-UNNAMED"), lines.get(0));
  }

  /** The child program of the test above. */
  public static final class OpenMemoryRunner {
    public static void main(String[] args) {
      Runner.memory().close();
    }
  }

  @Test
  void opWithoutGeneratedClassNamesTheProcessorFix() throws Exception {
    ClassLoader loader = compileWithoutProcessor("lonely");
    OpImplementation<?> implementation = (OpImplementation<?>) loader.loadClass("lonely.LonelyImplementation")
        .getConstructor().newInstance();
    SetupException e = assertThrows(SetupException.class, () -> Implementations.load(
        binder -> Multibinder.newSetBinder(binder, KrnelModule.IMPLEMENTATION).addBinding().toInstance(implementation)));
    assertEquals("@Op lonely.LonelyOp has no generated class lonely.ImmutableLonelyOp: krnel-processor did not run."
        + " Add it to the compiler's annotationProcessorPaths (Maven) or annotationProcessor (Gradle) and rebuild;"
        + " see docs/getting-started.md", e.getMessage());
    assertEquals(0, e.getStackTrace().length);
  }

  @Test
  void opDeclaredInJShellSaysOpsMustBeCompiled() throws Exception {
    ClassLoader loader = compileWithoutProcessor("REPL");
    SetupException e = assertThrows(SetupException.class,
        () -> SetupChecks.requireGeneratedClass(loader.loadClass("REPL.LonelyOp")));
    assertTrue(e.getMessage().startsWith("@Op LonelyOp was declared in JShell, which runs no annotation processors:"
        + " ops must be compiled"), e.getMessage());
  }

  @Test
  void generatedNamesJoinEnclosingClasses() {
    assertEquals("krnel.runner.ImmutableCountedOp", SetupChecks.generatedName(CountedOp.class));
    assertEquals("krnel.runner.ImmutableSetupChecksTestOpenMemoryRunner", SetupChecks.generatedName(OpenMemoryRunner.class));
    SetupChecks.requireGeneratedClass(CountedOp.class); // generated: no error
  }

  /** An @Op interface and its implementation in {@code pkg}, compiled with -proc:none as a build without the processor would. */
  private ClassLoader compileWithoutProcessor(String pkg) throws IOException {
    Path src = Files.createDirectories(scratch.resolve("src").resolve(pkg));
    Path out = Files.createDirectories(scratch.resolve("classes"));
    Files.writeString(src.resolve("LonelyOp.java"), "package " + pkg + ";\n"
        + "@krnel.annotations.Op public interface LonelyOp extends krnel.types.ScoreColumn {\n"
        + "  krnel.types.TextColumn text();\n}\n");
    Files.writeString(src.resolve("LonelyImplementation.java"), "package " + pkg + ";\n"
        + "public final class LonelyImplementation implements krnel.runner.OpImplementation<LonelyOp> {\n"
        + "  public Class<LonelyOp> opType() { return LonelyOp.class; }\n"
        + "  public String version() { return \"1\"; }\n"
        + "  public krnel.runner.Result compute(LonelyOp op, krnel.runner.Inputs inputs) { throw new AssertionError(); }\n}\n");
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-proc:none", "-d", out.toString(),
        "-cp", System.getProperty("java.class.path"),
        src.resolve("LonelyOp.java").toString(), src.resolve("LonelyImplementation.java").toString());
    assertEquals(0, rc, "javac failed");
    return new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader());
  }
}
