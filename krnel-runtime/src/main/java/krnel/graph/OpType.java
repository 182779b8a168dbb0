package krnel.graph;

import java.util.List;
import java.util.Optional;

/**
 * The catalogue entry of one op class: its wire name, declaration and fields, and a way to build
 * it from wire values. The processor generates one per op ({@code ImmutableX.Type}) and registers
 * it as a {@link java.util.ServiceLoader} service, so {@link OpCatalogue} finds ops by wire name
 * without classpath scanning.
 */
public abstract class OpType<T extends OpSpec> {
  private final String wireName;
  private final Class<T> declaration;
  private final List<FieldSpec> fields;
  private final boolean ephemeral;
  private final String fluentName;
  private final String stepName;
  final boolean plainWireName; // needs no JSON escape; see AbstractOp.isPlainUuid

  /**
   * @param fluentName the fluent method generated on the column type of the first input, or null
   */
  protected OpType(String wireName, Class<T> declaration, List<FieldSpec> fields, boolean ephemeral, String fluentName) {
    this(wireName, declaration, fields, ephemeral, fluentName, null);
  }

  /**
   * @param fluentName the fluent method generated on the column type of the first input, or null
   * @param stepName the step factory for {@code column.then(...)} generated instead, for an op on a
   *     column type compiled elsewhere (a custom op), or null
   */
  protected OpType(String wireName, Class<T> declaration, List<FieldSpec> fields, boolean ephemeral, String fluentName,
      String stepName) {
    this.wireName = wireName;
    this.declaration = declaration;
    this.fields = List.copyOf(fields);
    this.ephemeral = ephemeral;
    this.fluentName = fluentName;
    this.stepName = stepName;
    this.plainWireName = wireName != null && JsonWriter.isPlain(wireName);
  }

  public final String wireName() {
    return wireName;
  }

  /** The {@code @Op} interface. */
  public final Class<T> declaration() {
    return declaration;
  }

  /** The fields in declaration order, inherited ones first. */
  public final List<FieldSpec> fields() {
    return fields;
  }

  public final Optional<FieldSpec> field(String name) {
    for (FieldSpec field : fields) {
      if (field.name().equals(name)) {
        return Optional.of(field);
      }
    }
    return Optional.empty();
  }

  public final boolean isEphemeral() {
    return ephemeral;
  }

  /** The fluent method on the first input's column type ({@code colText}), if one was generated. */
  public final Optional<String> fluentName() {
    return Optional.ofNullable(fluentName);
  }

  /**
   * The step factory of a custom op ({@code keywordCount}, used as {@code text.then(keywordCount(...))}),
   * if one was generated.
   */
  public final Optional<String> stepName() {
    return Optional.ofNullable(stepName);
  }

  /** A fresh builder with every field unset (defaults apply at {@code build()}). */
  public abstract OpBuilder<T> newBuilder();

  @Override
  public final String toString() {
    return wireName + " (" + declaration.getName() + ")";
  }
}
