package krnel.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/** What one in-process {@code krnel ...} run printed and returned. */
record CliRun(int code, String out, String err) {

  static CliRun krnel(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Krnel.run(new PrintWriter(out), new PrintWriter(err), args);
    return new CliRun(code, out.toString().replace(System.lineSeparator(), "\n"), err.toString().replace(System.lineSeparator(), "\n"));
  }

  /** graphs/python_ce85_graph.json: graph JSON as the Python krnel-graph writes it. */
  static String pythonGraph() throws IOException {
    try (InputStream in = CliRun.class.getResourceAsStream("/graphs/python_ce85_graph.json")) {
      assertNotNull(in, "missing test resource graphs/python_ce85_graph.json");
      return new String(in.readAllBytes(), UTF_8);
    }
  }

  static void assertNoStackTrace(CliRun run) {
    assertFalse(run.err.contains("\tat "), run.err);
    assertFalse(run.out.contains("\tat "), run.out);
  }
}
