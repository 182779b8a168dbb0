package krnel.spark;

import java.io.Serializable;

/** An input sent from the driver: an Arrow table or a JSON document (e.g. a trained model). */
record ShippedInput(byte[] arrow, String json) implements Serializable {
  static ShippedInput table(byte[] arrow) {
    return new ShippedInput(arrow, null);
  }

  static ShippedInput json(String json) {
    return new ShippedInput(null, json);
  }

  boolean isTable() {
    return arrow != null;
  }
}
