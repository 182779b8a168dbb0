package krnel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/krnel shell} runs the JShell session of docs/getting-started.md as written there (the
 * classpath, the JVM flags and the imports it promises), and an {@code @Op} declared in JShell gets
 * the "ops must be compiled" error.
 */
class ShellTest {
  static final String PROMPT = "jshell> ";

  @Test
  void documentedSessionRunsAndJShellOpsAreRefused() throws Exception {
    List<String> lines = new ArrayList<>(documentedSession());
    assertTrue(lines.size() >= 3, lines.toString());
    lines.add("@krnel.annotations.Op interface FooOp extends ScoreColumn { TextColumn text(); }");
    lines.add("class FooImpl implements OpImplementation<FooOp> { public Class<FooOp> opType() { return FooOp.class; }"
        + " public String version() { return \"1\"; } public Result compute(FooOp op, Inputs in) { return null; } }");
    lines.add("try { Runner.memory(b -> com.google.inject.multibindings.Multibinder.newSetBinder(b,"
        + " new com.google.inject.TypeLiteral<OpImplementation<?>>() {}).addBinding().toInstance(new FooImpl()));"
        + " } catch (SetupException e) { System.out.println(e.getMessage()); }");
    lines.add("/exit");

    ProcessBuilder builder = new ProcessBuilder("bash", "bin/krnel", "shell", "-q");
    builder.environment().put("KRNEL_CLASSPATH", System.getProperty("java.class.path")); // skip the Maven build
    builder.environment().put("KRNEL_JAVA_OPTS", "-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"));
    builder.redirectErrorStream(true);
    Process process = builder.start();
    try (OutputStream in = process.getOutputStream()) {
      in.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(3, TimeUnit.MINUTES), output);

    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("$3 ==> 2"), output);
    assertTrue(output.contains("@Op FooOp was declared in JShell, which runs no annotation processors: ops must be"
        + " compiled"), output);
    assertTrue(!output.contains("Error:") && !output.contains("Exception"), output);
  }

  /** The {@code jshell>} lines of the JShell section of docs/getting-started.md. */
  static List<String> documentedSession() throws IOException {
    List<String> doc = Files.readAllLines(Path.of("docs/getting-started.md"));
    int start = doc.indexOf("## JShell");
    assertTrue(start >= 0, "docs/getting-started.md has no '## JShell' section");
    List<String> session = new ArrayList<>();
    for (String line : doc.subList(start + 1, doc.size())) {
      if (line.startsWith("## ")) {
        break;
      }
      if (line.startsWith(PROMPT)) {
        session.add(line.substring(PROMPT.length()));
      }
    }
    return session;
  }
}
