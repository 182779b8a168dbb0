package krnel.processor;

/** How a field's value is written, read back and copied; decided once from the field's Java type. */
enum ValueKind {
  STRING,
  INT,
  LONG,
  DOUBLE,
  BOOLEAN,
  /** {@code Number}: keeps ints and floats apart, like Python's {@code float | int}. */
  NUMBER,
  ENUM,
  /** {@code Object}, {@code List<...>}, {@code Map<String, ...>} of parameter values: JSON-like data. */
  JSON,
  INPUT,
  INPUT_LIST,
  INPUT_MAP;

  boolean isInput() {
    return this == INPUT || this == INPUT_LIST || this == INPUT_MAP;
  }
}
