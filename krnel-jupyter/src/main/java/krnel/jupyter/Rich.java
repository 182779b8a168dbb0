package krnel.jupyter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a cell shows: one representation per MIME type ({@code text/html}, {@code image/png} as
 * base64, ...), always with {@code text/plain} for consoles. Renderers return it; the kernel hands it
 * to Jupyter as display data. It knows nothing of Jupyter, so the renderers can serve a report too.
 */
public final class Rich {
  private final Map<String, String> data = new LinkedHashMap<>();

  private Rich(String text) {
    data.put("text/plain", text);
  }

  public static Rich text(String text) {
    return new Rich(text);
  }

  public Rich with(String mimeType, String content) {
    data.put(mimeType, content);
    return this;
  }

  /** MIME type to content, {@code text/plain} first. */
  public Map<String, String> data() {
    return Collections.unmodifiableMap(data);
  }

  @Override
  public String toString() {
    return data.get("text/plain");
  }
}
