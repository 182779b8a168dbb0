package krnel.processor;

import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;

/**
 * A test source file that can tell on which line a piece of its text is, so that tests assert the
 * line a diagnostic points at without counting lines by hand.
 */
final class TestSource {
  final JavaFileObject file;
  private final String[] lines;

  private TestSource(String className, String text) {
    this.file = JavaFileObjects.forSourceString(className, text);
    this.lines = text.split("\n", -1);
  }

  /** {@code lines} joined by newlines, as the source of {@code className}. */
  static TestSource of(String className, String... lines) {
    return new TestSource(className, String.join("\n", lines) + "\n");
  }

  /** The 1-based number of the only line containing {@code text}. */
  int line(String text) {
    int found = -1;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(text)) {
        if (found >= 0) {
          throw new IllegalArgumentException("\"" + text + "\" is on lines " + (found + 1) + " and " + (i + 1));
        }
        found = i;
      }
    }
    if (found < 0) {
      throw new IllegalArgumentException("\"" + text + "\" is on no line");
    }
    return found + 1;
  }
}
