package krnel.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's quickstart shows the code the main job runs: every line of its Java blocks is a line of QuickstartGraph. */
class ReadmeQuickstartTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("(?s)```java\\n(.*?)```");

  @Test
  void everyQuickstartCodeLineIsInQuickstartGraph() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    int start = readme.indexOf("\n## Quickstart\n");
    assertTrue(start >= 0, "README.md has no '## Quickstart' section");
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    Set<String> sourceLines = Files.readAllLines(Path.of("src/main/java/krnel/samples/QuickstartGraph.java")).stream()
        .map(String::strip).collect(Collectors.toSet());

    List<String> missing = new ArrayList<>();
    int lines = 0;
    Matcher block = JAVA_BLOCK.matcher(section);
    while (block.find()) {
      for (String line : block.group(1).split("\n")) {
        if (!line.isBlank()) {
          lines++;
          if (!sourceLines.contains(line.strip())) {
            missing.add(line.strip());
          }
        }
      }
    }
    assertTrue(lines >= 10, "the quickstart section should show the graph's code; found " + lines + " lines");
    assertTrue(missing.isEmpty(), "README lines not in QuickstartGraph.java (update one or the other):\n"
        + String.join("\n", missing));
    assertTrue(section.contains("mvn -q -B -DskipTests -P quickstart package"), "the main job's command");
  }
}
