package krnel.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the store is, resolved like krnel-graph's {@code KrnelGraphConfig}: an explicit argument,
 * else the environment variable {@code KRNEL_STORE_URI}, else {@code store_uri} in
 * {@code <config dir>/krnel/krnel_graph_config.json} (the config dir is {@code $XDG_CONFIG_HOME} or
 * {@code ~/.config}), else {@code <java.io.tmpdir>/krnel}.
 *
 * @param storeUri a directory path, {@code file:} URI, or {@code memory:<name>}
 * @param source where the value came from, for {@code krnel config}
 */
public record RunnerConfig(String storeUri, String source) {
  public static final String STORE_URI_ENV = "KRNEL_STORE_URI";
  public static final String CONFIG_FILE_NAME = "krnel_graph_config.json";

  /** The configuration of this process. */
  public static RunnerConfig resolve() {
    return resolve(null, System.getenv(), System.getProperty("user.home"), System.getProperty("java.io.tmpdir"));
  }

  /** The configuration of this process, with {@code configFile} in place of the usual config file. */
  public static RunnerConfig resolve(Path configFile) {
    return resolve(null, System.getenv(), configFile, System.getProperty("java.io.tmpdir"));
  }

  /** Resolution with every input explicit, for tests. */
  static RunnerConfig resolve(String argument, Map<String, String> env, String home, String tempDir) {
    return resolve(argument, env, configFile(env, home), tempDir);
  }

  private static RunnerConfig resolve(String argument, Map<String, String> env, Path file, String tempDir) {
    if (argument != null && !argument.isBlank()) {
      return new RunnerConfig(argument, "argument");
    }
    String fromEnv = env.get(STORE_URI_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new RunnerConfig(fromEnv, "environment variable " + STORE_URI_ENV);
    }
    Optional<String> fromFile = readStoreUri(file);
    if (fromFile.isPresent()) {
      return new RunnerConfig(fromFile.get(), "config file " + file);
    }
    return new RunnerConfig(Path.of(tempDir, "krnel").toString(), "default (temporary directory)");
  }

  /** {@code $XDG_CONFIG_HOME/krnel/krnel_graph_config.json}, or under {@code ~/.config}. */
  public static Path configFile(Map<String, String> env, String home) {
    String xdg = env.get("XDG_CONFIG_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".config");
    return base.resolve("krnel").resolve(CONFIG_FILE_NAME);
  }

  private static Optional<String> readStoreUri(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode config = new ObjectMapper().readTree(file.toFile());
      JsonNode uri = config == null ? null : config.get("store_uri");
      return uri != null && uri.isTextual() && !uri.asText().isBlank() ? Optional.of(uri.asText()) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Krnel config file " + file + ": " + e.getMessage()
          + ". Fix or delete it (it holds {\"store_uri\": \"...\"}).", e);
    }
  }
}
