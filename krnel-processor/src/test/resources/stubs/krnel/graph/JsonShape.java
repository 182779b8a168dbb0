package krnel.graph;

/** Test stub of the runtime's JsonShape: same public signatures, no behaviour. */
public abstract class JsonShape {
  public static final JsonShape ANY = null;
  public static final JsonShape STRING = null;
  public static final JsonShape INT = null;
  public static final JsonShape LONG = null;
  public static final JsonShape DOUBLE = null;
  public static final JsonShape BOOLEAN = null;
  public static final JsonShape NUMBER = null;

  public static JsonShape list(JsonShape elements) {
    throw new UnsupportedOperationException();
  }

  public static JsonShape map(JsonShape values) {
    throw new UnsupportedOperationException();
  }

  private JsonShape() {}
}
