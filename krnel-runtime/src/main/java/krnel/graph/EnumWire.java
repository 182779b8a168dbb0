package krnel.graph;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The wire spelling of an enum used as an op field: {@code TokenMode.LAST} ↔ {@code "last"}. The
 * processor lists the names from each constant's {@code @Name} or its lower-cased name.
 */
public final class EnumWire<E extends Enum<E>> {
  /** Every spelling in use, registered by the op classes that declare it. */
  private static final Map<Class<?>, EnumWire<?>> BY_TYPE = new ConcurrentHashMap<>();

  private final Class<E> type;
  private final E[] constants;
  private final List<String> names;

  /** @param names the wire names in ordinal order */
  public EnumWire(Class<E> type, String... names) {
    this.type = type;
    this.constants = type.getEnumConstants();
    this.names = List.of(names);
    if (constants.length != names.length) {
      throw new IllegalArgumentException(type + " has " + constants.length + " constants, not " + names.length);
    }
    BY_TYPE.putIfAbsent(type, this);
  }

  /**
   * The wire name of an enum value held by an op field. The op's class registered the spelling when
   * it was initialized, so every enum value found in an op has one.
   */
  public static String nameOf(Enum<?> value) {
    EnumWire<?> wire = BY_TYPE.get(value.getDeclaringClass());
    if (wire == null) {
      throw new IllegalArgumentException(value.getDeclaringClass().getName() + " is not the type of any op field");
    }
    return wire.names.get(value.ordinal());
  }

  /** The wire name of {@code value}, or null for null. */
  public String name(E value) {
    return value == null ? null : names.get(value.ordinal());
  }

  /** Accepts a constant or its wire name (or, for convenience, its Java name). */
  public E parse(OpType<?> op, String field, Object value) {
    if (value == null || type.isInstance(value)) {
      return type.cast(value);
    }
    if (value instanceof String) {
      int index = names.indexOf(value);
      if (index >= 0) {
        return constants[index];
      }
      for (E constant : constants) {
        if (constant.name().equals(value)) {
          return constant;
        }
      }
    }
    throw new OpValidationException(op.wireName() + "." + field + ": " + Values.describe(value)
        + " is not one of " + names + " (" + type.getSimpleName() + " " + Arrays.toString(constants) + ")");
  }
}
