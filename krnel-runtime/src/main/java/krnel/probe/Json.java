package krnel.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Arrays in and out of model JSON. Doubles are written as Java's shortest round-trip decimal, so a model read
 * back holds the same bits; a missing or malformed field is an error that names it.
 */
final class Json {
  private Json() {}

  static ArrayNode array(double[] values) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode(values.length);
    for (double v : values) {
      array.add(v);
    }
    return array;
  }

  static ArrayNode array(int[] values) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode(values.length);
    for (int v : values) {
      array.add(v);
    }
    return array;
  }

  static ArrayNode matrix(double[][] rows) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode(rows.length);
    for (double[] row : rows) {
      array.add(array(row));
    }
    return array;
  }

  static JsonNode field(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("model: field \"" + name + "\" is missing");
    }
    return value;
  }

  static double number(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isNumber()) {
      throw new IllegalArgumentException("model: field \"" + name + "\" must be a number, got " + value);
    }
    return value.asDouble();
  }

  static double[] doubles(JsonNode node, String name) {
    return values(field(node, name), name);
  }

  private static double[] values(JsonNode array, String name) {
    if (!array.isArray()) {
      throw new IllegalArgumentException("model: field \"" + name + "\" must be an array of numbers");
    }
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode v = array.get(i);
      if (!v.isNumber()) {
        throw new IllegalArgumentException("model: field \"" + name + "\" must be an array of numbers, got " + v);
      }
      out[i] = v.asDouble();
    }
    return out;
  }

  static int[] ints(JsonNode node, String name) {
    double[] values = doubles(node, name);
    int[] out = new int[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) values[i];
    }
    return out;
  }

  static double[][] matrix(JsonNode node, String name) {
    JsonNode rows = field(node, name);
    if (!rows.isArray()) {
      throw new IllegalArgumentException("model: field \"" + name + "\" must be an array of arrays");
    }
    double[][] out = new double[rows.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = values(rows.get(i), name);
    }
    return out;
  }
}
