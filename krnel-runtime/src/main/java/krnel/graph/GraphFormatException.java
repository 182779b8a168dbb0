package krnel.graph;

/** Graph JSON that cannot be turned back into ops: unknown type, missing node, cycle, unreachable node. */
public class GraphFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public GraphFormatException(String message) {
    super(oneLine(message));
  }

  public GraphFormatException(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  /** For {@link UuidMismatchException}, whose diff follows its first line. */
  GraphFormatException(String message, boolean multiLine) {
    super(multiLine ? message : oneLine(message));
  }

  /** The message on one line: a graph may put newlines or other control characters in the names it quotes. */
  static String oneLine(String message) {
    if (message == null || message.chars().noneMatch(Character::isISOControl)) {
      return message;
    }
    StringBuilder out = new StringBuilder(message.length() + 8);
    message.codePoints().forEach(c -> {
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }
}
