package krnel.graph;

/** Graph JSON that cannot be turned back into ops: unknown type, missing node, cycle, unreachable node. */
public class GraphFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public GraphFormatException(String message) {
    super(message);
  }

  public GraphFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
