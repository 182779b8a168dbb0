package krnel.graph;

/** Test stub of the runtime's FieldSpec: same public signatures, no behaviour. */
public record FieldSpec(String name, String accessor, Kind kind, boolean nullable, boolean hasDefault,
    boolean excludedFromUuid, boolean omittedWhenNull) {

  public FieldSpec(
      String name, String accessor, Kind kind, boolean nullable, boolean hasDefault, boolean excludedFromUuid) {
    this(name, accessor, kind, nullable, hasDefault, excludedFromUuid, false);
  }

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
