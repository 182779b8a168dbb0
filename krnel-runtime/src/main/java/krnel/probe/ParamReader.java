package krnel.probe;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a classifier's {@code params} (scikit-learn keyword names) with errors that name the field, the model
 * and the valid choices. Unknown keys fail at construction, so a typo never trains a default model.
 */
final class ParamReader {
  private final String model;
  private final String field;
  private final Map<String, ?> params;

  /** Reads {@code params} of {@code model}; {@code field} names them in errors (e.g. {@code params.sgd_params}). */
  ParamReader(String model, String field, Map<String, ?> params, Collection<String> valid) {
    this.model = model;
    this.field = field;
    this.params = params;
    for (String key : params.keySet()) {
      if (!valid.contains(key)) {
        throw new IllegalArgumentException(field + ": unknown parameter '" + key + "' for " + model
            + "; valid parameters: " + String.join(", ", new TreeSet<>(valid)));
      }
    }
  }

  ParamReader(String model, Map<String, ?> params, Collection<String> valid) {
    this(model, "params", params, valid);
  }

  /** Whether {@code key} is given, even as null. */
  boolean contains(String key) {
    return params.containsKey(key);
  }

  /** Whether {@code key} is given and not null. */
  boolean has(String key) {
    return params.get(key) != null;
  }

  double number(String key, double fallback) {
    Object value = params.get(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number)) {
      throw error(key, "must be a number", value);
    }
    return ((Number) value).doubleValue();
  }

  /** A number {@code > 0}. */
  double positive(String key, double fallback) {
    double value = number(key, fallback);
    if (!(value > 0) || Double.isInfinite(value)) {
      throw error(key, "must be a positive number", params.get(key));
    }
    return value;
  }

  /** A number in {@code [0, 1]} or {@code (0, 1]} when {@code open} at 0. */
  double fraction(String key, double fallback, boolean openAtZero) {
    double value = number(key, fallback);
    if (!(value <= 1 && (openAtZero ? value > 0 : value >= 0))) {
      throw error(key, "must be in " + (openAtZero ? "(0, 1]" : "[0, 1]"), params.get(key));
    }
    return value;
  }

  /** An integer {@code >= min}. */
  int integer(String key, int fallback, int min) {
    double value = number(key, fallback);
    if (value != Math.rint(value) || value < min || value > Integer.MAX_VALUE) {
      throw error(key, "must be an integer >= " + min, params.get(key));
    }
    return (int) value;
  }

  boolean bool(String key, boolean fallback) {
    Object value = params.get(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean)) {
      throw error(key, "must be true or false", value);
    }
    return (Boolean) value;
  }

  /** One of {@code choices}; {@code null} (JSON null or absent) gives {@code fallback}. */
  String choice(String key, String fallback, List<String> choices) {
    Object value = params.get(key);
    if (value == null) {
      return fallback;
    }
    if (!choices.contains(String.valueOf(value))) {
      throw error(key, "must be one of " + String.join(", ", choices), value);
    }
    return String.valueOf(value);
  }

  /** A nested parameter object, e.g. {@code nystroem_params}; absent gives an empty map. */
  @SuppressWarnings("unchecked")
  Map<String, Object> object(String key) {
    Object value = params.get(key);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map)) {
      throw error(key, "must be an object of parameters", value);
    }
    return (Map<String, Object>) value;
  }

  /** The value of {@code key} as given (for parameters that take a number or a keyword). */
  Object raw(String key) {
    return params.get(key);
  }

  IllegalArgumentException error(String key, String requirement, Object value) {
    return new IllegalArgumentException(field + ": " + key + " of " + model + " " + requirement + ", got "
        + (value instanceof String ? "\"" + value + "\"" : String.valueOf(value)));
  }
}
