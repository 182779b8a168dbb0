package krnel.processor;

import java.util.Locale;

/** Name conversions between Java and the reference's Python spelling. */
final class Names {
  private Names() {}

  /** {@code layerNum} → {@code layer_num}, {@code nNeighbors} → {@code n_neighbors}, {@code someURL} → {@code some_url}. */
  static String snake(String camel) {
    StringBuilder out = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        char prev = camel.charAt(i - 1);
        boolean nextLower = i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1));
        if (Character.isLowerCase(prev) || Character.isDigit(prev) || (Character.isUpperCase(prev) && nextLower)) {
          out.append('_');
        }
      }
      out.append(Character.toLowerCase(c));
    }
    return out.toString();
  }

  static String upperSnake(String snake) {
    return snake.toUpperCase(Locale.ROOT);
  }

  /** {@code LLMLayerActivationsOp} → {@code llmLayerActivations}: the default fluent method name. */
  static String fluent(String interfaceName) {
    String base = interfaceName.endsWith("Op") && interfaceName.length() > 2
        ? interfaceName.substring(0, interfaceName.length() - 2)
        : interfaceName;
    return lowerCamel(base);
  }

  /** Lower-cases the leading run of capitals, keeping the last one if it starts a word: {@code UMAPViz} → {@code umapViz}. */
  static String lowerCamel(String name) {
    int run = 0;
    while (run < name.length() && Character.isUpperCase(name.charAt(run))) {
      run++;
    }
    if (run == 0) {
      return name;
    }
    if (run > 1 && run < name.length()) {
      run--;
    }
    return name.substring(0, run).toLowerCase(Locale.ROOT) + name.substring(run);
  }

  static String capitalize(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
