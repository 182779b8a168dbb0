package krnel.graph;

/**
 * A node of graph JSON whose rebuilt op hashes to another uuid than the one it was saved under:
 * the op's declaration changed (fields or defaults) since the graph was written.
 */
public final class UuidMismatchException extends GraphFormatException {
  private static final long serialVersionUID = 1L;
  private final String savedUuid;
  private final String rebuiltUuid;

  public UuidMismatchException(String savedUuid, String rebuiltUuid, String diff) {
    super("UUID mismatch on reserialized node:\n" + diff
        + "\nThe definition of " + savedUuid.substring(0, Math.max(0, savedUuid.indexOf('_')))
        + " has changed since the graph was serialized (fields added or removed, default values changed, etc),"
        + " or the node was edited after it was saved.", true);
    this.savedUuid = savedUuid;
    this.rebuiltUuid = rebuiltUuid;
  }

  public String savedUuid() {
    return savedUuid;
  }

  public String rebuiltUuid() {
    return rebuiltUuid;
  }
}
