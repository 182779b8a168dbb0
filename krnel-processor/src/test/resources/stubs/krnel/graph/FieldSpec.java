package krnel.graph;

/** Test stub of the runtime's FieldSpec: same public signatures, no behaviour. */
public record FieldSpec(
    String name, String accessor, Kind kind, boolean nullable, boolean hasDefault, boolean excludedFromUuid) {

  public enum Kind {
    PARAMETER,
    INPUT,
    INPUT_LIST,
    INPUT_MAP;

    public boolean isInput() {
      throw new UnsupportedOperationException();
    }
  }

  public boolean isInput() {
    throw new UnsupportedOperationException();
  }
}
