package krnel.graph;

import java.util.List;
import java.util.Map;

/** Test stub of the runtime's JsonWriter: same public signatures, no behaviour. */
public final class JsonWriter {

  private JsonWriter() {}

  public static JsonWriter canonical() {
    throw new UnsupportedOperationException();
  }

  public static JsonWriter pretty() {
    throw new UnsupportedOperationException();
  }

  public JsonWriter beginObject() {
    throw new UnsupportedOperationException();
  }

  public JsonWriter endObject() {
    throw new UnsupportedOperationException();
  }

  public JsonWriter beginArray() {
    throw new UnsupportedOperationException();
  }

  public JsonWriter endArray() {
    throw new UnsupportedOperationException();
  }

  public JsonWriter name(String key) {
    throw new UnsupportedOperationException();
  }

  public JsonWriter key(Literal key) {
    throw new UnsupportedOperationException();
  }

  public JsonWriter value(String s) {
    throw new UnsupportedOperationException();
  }

  public JsonWriter value(Literal s) {
    throw new UnsupportedOperationException();
  }

  public static final class Literal {
    private Literal() {}

    @Override
    public String toString() {
      throw new UnsupportedOperationException();
    }
  }

  public static Literal literal(String text) {
    throw new UnsupportedOperationException();
  }

  public JsonWriter value(long v) {
    throw new UnsupportedOperationException();
  }

  public JsonWriter value(double v) {
    throw new UnsupportedOperationException();
  }

  public JsonWriter value(boolean v) {
    throw new UnsupportedOperationException();
  }

  public JsonWriter nullValue() {
    throw new UnsupportedOperationException();
  }

  public JsonWriter value(Number n) {
    throw new UnsupportedOperationException();
  }

  public JsonWriter op(OpSpec op) {
    throw new UnsupportedOperationException();
  }

  public JsonWriter ops(List<? extends OpSpec> ops) {
    throw new UnsupportedOperationException();
  }

  public JsonWriter opMap(Map<String, ? extends OpSpec> ops) {
    throw new UnsupportedOperationException();
  }

  public JsonWriter json(Object value) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String toString() {
    throw new UnsupportedOperationException();
  }
}
