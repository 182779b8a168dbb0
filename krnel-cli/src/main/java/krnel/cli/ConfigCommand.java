package krnel.cli;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import krnel.runner.RunnerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code krnel config}: shows or sets the store the runner uses, in the config file that krnel-graph
 * reads too ({@code $XDG_CONFIG_HOME/krnel/krnel_graph_config.json}). Keys it does not know (the
 * Python library's {@code runner_type}, {@code cache_path}) are kept.
 */
@Command(name = "config", mixinStandardHelpOptions = true, version = Krnel.VERSION,
    description = {"Show the runner configuration and where each value comes from; with --store-uri, save it in the"
        + " config file (shared with Python krnel-graph). KRNEL_STORE_URI, when set, overrides the file."})
final class ConfigCommand implements Callable<Integer> {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Option(names = "--store-uri", paramLabel = "URI",
      description = "Save this store (a directory, or s3://bucket/prefix) as the default.")
  String storeUri;

  @Option(names = "--cache-path", paramLabel = "DIR",
      description = "Save the local read cache of bucket stores (KRNEL_CACHE_DIR, when set, overrides it).")
  String cachePath;

  @Option(names = "--s3-endpoint-url", paramLabel = "URL",
      description = "Save the S3-compatible server of s3:// stores, e.g. http://127.0.0.1:9000 (AWS_ENDPOINT_URL_S3 and"
          + " AWS_ENDPOINT_URL, when set, override it).")
  String s3EndpointUrl;

  @Option(names = "--s3-path-style", paramLabel = "true|false", arity = "1",
      description = "Save whether s3:// stores address buckets by path (http://host/bucket); automatic for IP and"
          + " localhost endpoints (KRNEL_S3_PATH_STYLE, when set, overrides it).")
  Boolean s3PathStyle;

  @Option(names = "--config-file", paramLabel = "PATH",
      description = "Use this config file instead of $XDG_CONFIG_HOME/krnel/krnel_graph_config.json.")
  Path configFile;

  @Option(names = {"-v", "--verbose"}, description = "Print stack traces of errors.")
  boolean verbose;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Path file = configFile != null ? configFile : RunnerConfig.configFile(System.getenv(), System.getProperty("user.home"));
    out.println("Path to config file: '" + file + "'");
    if (storeUri == null && cachePath == null && s3EndpointUrl == null && s3PathStyle == null) {
      out.println("Current config:");
      describe(out, file);
      return 0;
    }
    ObjectNode config = read(file);
    if (storeUri != null) {
      config.put("store_uri", storeUri);
    }
    if (cachePath != null) {
      config.put("cache_path", cachePath);
    }
    if (s3EndpointUrl != null) {
      config.put("s3_endpoint_url", s3EndpointUrl);
    }
    if (s3PathStyle != null) {
      config.put("s3_path_style", s3PathStyle.toString());
    }
    write(file, config);
    out.println("New config:");
    describe(out, file);
    out.println("Configuration saved in config file: '" + file + "'");
    return 0;
  }

  private static void describe(PrintWriter out, Path file) {
    RunnerConfig config = RunnerConfig.resolve(file);
    out.println("# The store: a directory, or memory:<name> (from " + config.source() + ")");
    out.println("store_uri: '" + config.storeUri() + "'");
    ObjectNode saved = Files.isRegularFile(file) ? read(file) : JsonNodeFactory.instance.objectNode();
    for (String key : new String[] {"cache_path", "s3_endpoint_url", "s3_path_style"}) {
      if (saved.hasNonNull(key)) { // bucket stores' settings, shown when saved (the environment overrides them)
        out.println(key + ": '" + saved.get(key).asText() + "'");
      }
    }
  }

  private static ObjectNode read(Path file) {
    if (!Files.isRegularFile(file)) {
      return JsonNodeFactory.instance.objectNode();
    }
    try {
      JsonNode json = MAPPER.readTree(file.toFile());
      if (json instanceof ObjectNode) {
        return (ObjectNode) json;
      }
    } catch (IOException e) {
      throw new CliException("cannot read the config file " + file + ": " + e.getMessage(),
          "fix it or delete it; it holds {\"store_uri\": \"...\"}", e);
    }
    throw new CliException("the config file " + file + " does not hold a JSON object",
        "fix it or delete it; it holds {\"store_uri\": \"...\"}");
  }

  /** Like pydantic's {@code model_dump_json(indent=4)} plus a newline, which the Python library writes. */
  private static void write(Path file, ObjectNode config) {
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("    ", "\n"));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, MAPPER.writer(printer).writeValueAsString(config) + "\n");
    } catch (IOException e) {
      throw new CliException("cannot write the config file " + file + ": " + e.getMessage(),
          "check that its directory is writable, or choose another file with --config-file", e);
    }
  }
}
