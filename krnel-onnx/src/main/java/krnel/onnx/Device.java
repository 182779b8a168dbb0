package krnel.onnx;

import java.util.List;
import java.util.Locale;

/**
 * The {@code device} field of the LLM ops: {@code auto} (CUDA if usable, else CoreML on macOS, else
 * the CPU), {@code cpu}, {@code cuda} (= {@code cuda:0}), {@code cuda:N} or {@code coreml}.
 *
 * @param kind which execution provider
 * @param index the CUDA device ordinal; 0 for the others
 */
record Device(Kind kind, int index) {
  static final List<String> CHOICES = List.of("auto", "cpu", "cuda", "cuda:N", "coreml");

  static final Device AUTO = new Device(Kind.AUTO, 0);
  static final Device CPU = new Device(Kind.CPU, 0);

  enum Kind { AUTO, CPU, CUDA, COREML }

  /**
   * {@code value} parsed; an error naming the field and the choices if it is not one of them (the
   * runner prefixes the op).
   */
  static Device parse(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    switch (v) {
      case "auto": return AUTO;
      case "cpu": return CPU;
      case "cuda": return new Device(Kind.CUDA, 0);
      case "coreml": return new Device(Kind.COREML, 0);
      default:
        if (v.matches("cuda:\\d{1,4}")) {
          return new Device(Kind.CUDA, Integer.parseInt(v.substring(5)));
        }
        throw new IllegalArgumentException("device: \"" + value + "\" is not a device the ONNX runner knows;"
            + " use one of " + String.join(", ", CHOICES) + " (PyTorch names such as mps are not ONNX Runtime devices)");
    }
  }

  @Override
  public String toString() {
    return kind == Kind.CUDA ? "cuda:" + index : kind.name().toLowerCase(Locale.ROOT);
  }
}
