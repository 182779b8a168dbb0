package krnel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs every {@code bin/krnel} command of the CLI section of docs/cli.md (the README's CLI section
 * until the README was split), in its order, from the
 * repository root (surefire's working directory), on the store that KRNEL_STORE_URI names (set in
 * the pom, inside target/). In-process, as {@code bin/krnel} would run them after its Java flags;
 * the launcher itself is run as a real process once.
 */
class ReadmeCliTest {
  static final String PROMPT = "bin/krnel ";

  @Test
  void everyReadmeCommandRuns() throws IOException {
    deleteRecursively(Path.of(System.getenv("KRNEL_STORE_URI")));
    List<String> commands = readmeCommands();
    assertTrue(commands.size() >= 10, commands.toString());

    for (String line : commands) {
      int comment = line.indexOf(" #");
      String command = comment < 0 ? line : line.substring(0, comment);
      int expected = comment >= 0 && line.substring(comment).contains("exits 1") ? 1 : 0;
      assertFalse(command.contains("\"") || command.contains("'"), "keep docs/cli.md commands free of quotes: " + line);
      String[] args = command.substring(PROMPT.length()).trim().split("\\s+");

      CliRun run = CliRun.krnel(args);

      assertEquals(expected, run.code(), line + "\n" + run.out() + run.err());
    }
  }

  @Test
  void launcherRunsTheCli() throws Exception {
    ProcessBuilder builder = new ProcessBuilder("bash", "bin/krnel", "verify", "krnel-cli/src/test/resources/graphs/python_ce85_graph.json");
    builder.environment().put("KRNEL_CLASSPATH", System.getProperty("java.class.path")); // skip the Maven build
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(2, TimeUnit.MINUTES), output);

    assertEquals(0, process.exitValue(), output);
    assertEquals(10, output.lines().filter(l -> l.endsWith(" ok")).count(), output);
  }

  /** The lines of the CLI section's code blocks that run {@code bin/krnel}. */
  static List<String> readmeCommands() throws IOException {
    List<String> readme = Files.readAllLines(Path.of("docs/cli.md"));
    int start = readme.indexOf("## CLI");
    assertTrue(start >= 0, "docs/cli.md has no '## CLI' section");
    List<String> commands = new ArrayList<>();
    boolean inCode = false;
    for (String line : readme.subList(start + 1, readme.size())) {
      if (line.startsWith("## ")) {
        break;
      }
      if (line.startsWith("```")) {
        inCode = !inCode;
      } else if (inCode && line.startsWith(PROMPT)) {
        commands.add(line);
      }
    }
    return commands;
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toArray(Path[]::new)) {
        Files.delete(path);
      }
    }
  }
}
