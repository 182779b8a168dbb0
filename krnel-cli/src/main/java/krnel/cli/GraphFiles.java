package krnel.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import krnel.graph.GraphFormatException;
import krnel.graph.GraphJson;
import krnel.graph.OpSpec;

/** Reading graph JSON files (written by either library), with errors that say what to do. */
final class GraphFiles {
  static final String FORMAT_HINT =
      "GRAPH.json must be graph JSON as written by GraphJson.write (Java) or graph_serialize (Python krnel-graph)";

  private GraphFiles() {}

  static String readText(Path file) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new CliException("cannot read " + file + ": no such file", "check the path", e);
    } catch (CharacterCodingException e) {
      throw new CliException("cannot read " + file + ": not UTF-8 text", FORMAT_HINT, e);
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage(), "check the path and its permissions", e);
    }
  }

  /** The outputs of the graph in {@code file}, every node rebuilt and its uuid checked. */
  static List<OpSpec> read(Path file) {
    String json = readText(file);
    try {
      return GraphJson.read(json);
    } catch (GraphFormatException e) {
      throw new CliException(file + ": " + e.getMessage(), hint(e), e);
    }
  }

  static String hint(GraphFormatException e) {
    if (e.getCause() instanceof ClassNotFoundException) {
      return "put the jar that declares op " + e.getCause().getMessage() + " on the classpath"
          + " (ops are found through META-INF/services/krnel.graph.OpType)";
    }
    if (e.getCause() instanceof JsonProcessingException) {
      return "the file is not JSON; was it cut short, or written by another tool?";
    }
    if (e instanceof krnel.graph.UuidMismatchException) {
      return "an op's definition differs from the one that wrote the graph; `krnel verify GRAPH.json` shows the diff";
    }
    return FORMAT_HINT;
  }
}
