package krnel.graph;

/**
 * What the processor knows about one field of an op: its wire name, the accessor that returns it,
 * and whether it is a graph edge.
 *
 * @param name the field's wire name, e.g. {@code layer_num}
 * @param accessor the Java accessor, e.g. {@code layerNum}
 * @param kind parameter, or one of the three edge shapes
 * @param nullable whether {@code null} is a legal value
 * @param hasDefault whether the declaration gives a default
 * @param excludedFromUuid whether the field is left out of the uuid (it stays in graph JSON)
 * @param omittedWhenNull whether the field is left out of canonical and graph JSON while it is null
 *     ({@code @OmitWhenNull}: a Java-only option of a reference op)
 */
public record FieldSpec(String name, String accessor, Kind kind, boolean nullable, boolean hasDefault,
    boolean excludedFromUuid, boolean omittedWhenNull) {

  /** A field that is written even when null, as every field of the reference is. */
  public FieldSpec(
      String name, String accessor, Kind kind, boolean nullable, boolean hasDefault, boolean excludedFromUuid) {
    this(name, accessor, kind, nullable, hasDefault, excludedFromUuid, false);
  }

  /** How a field relates to the graph. */
  public enum Kind {
    /** A value: string, number, boolean, enum, JSON-like data. */
    PARAMETER,
    /** One input op. */
    INPUT,
    /** A list of input ops. */
    INPUT_LIST,
    /** A map from names to input ops. */
    INPUT_MAP;

    public boolean isInput() {
      return this != PARAMETER;
    }
  }

  public boolean isInput() {
    return kind.isInput();
  }
}
