package krnel.runner;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Makes {@link RowWiseEngine}s by name, found with ServiceLoader ({@code
 * META-INF/services/krnel.runner.RowWiseEngineFactory}), so a command line can offer an engine
 * ({@code krnel run --spark local[2]}) without depending on it at compile time.
 */
public interface RowWiseEngineFactory {
  /** The engine's name: {@code spark} for krnel-spark. */
  String name();

  /**
   * An engine on {@code target}, e.g. a Spark master ({@code local[2]}, {@code yarn}); an error
   * naming what is missing when the engine's own libraries are not on the classpath.
   */
  RowWiseEngine create(String target);

  /** The factory named {@code name} on the classpath, if any. */
  static Optional<RowWiseEngineFactory> find(String name) {
    for (RowWiseEngineFactory factory : ServiceLoader.load(RowWiseEngineFactory.class)) {
      if (factory.name().equals(name)) {
        return Optional.of(factory);
      }
    }
    return Optional.empty();
  }
}
