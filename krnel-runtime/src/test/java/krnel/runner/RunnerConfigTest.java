package krnel.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store is found like krnel-graph finds it: argument, environment, config file, temp dir. */
class RunnerConfigTest {
  @TempDir Path home;

  private Path writeConfig(Path dir, String json) throws IOException {
    Path file = dir.resolve("krnel").resolve("krnel_graph_config.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, json);
    return file;
  }

  @Test
  void anArgumentWinsOverEverything() throws IOException {
    writeConfig(home.resolve(".config"), "{\"store_uri\": \"/from/file\"}");
    RunnerConfig config = RunnerConfig.resolve("/from/argument", Map.of("KRNEL_STORE_URI", "/from/env"), home.toString(), "/tmp");
    assertEquals("/from/argument", config.storeUri());
  }

  @Test
  void theEnvironmentWinsOverTheConfigFile() throws IOException {
    writeConfig(home.resolve(".config"), "{\"store_uri\": \"/from/file\"}");
    RunnerConfig config = RunnerConfig.resolve(null, Map.of("KRNEL_STORE_URI", "/from/env"), home.toString(), "/tmp");
    assertEquals(new RunnerConfig("/from/env", "environment variable KRNEL_STORE_URI"), config);
  }

  @Test
  void theConfigFileIsReadFromXdgConfigHomeWhenSet() throws IOException {
    Path xdg = home.resolve("xdg");
    Path file = writeConfig(xdg, "{\"store_uri\": \"/from/xdg\", \"runner_type\": \"LocalArrowRunner\"}");
    writeConfig(home.resolve(".config"), "{\"store_uri\": \"/from/home\"}");
    RunnerConfig config = RunnerConfig.resolve(null, Map.of("XDG_CONFIG_HOME", xdg.toString()), home.toString(), "/tmp");
    assertEquals(new RunnerConfig("/from/xdg", "config file " + file), config);
  }

  @Test
  void theDefaultIsKrnelInTheTempDir() {
    RunnerConfig config = RunnerConfig.resolve(null, Map.of(), home.toString(), "/var/tmp");
    assertEquals("/var/tmp/krnel", config.storeUri());
  }

  @Test
  void aBrokenConfigFileIsAnErrorNamingIt() throws IOException {
    Path file = writeConfig(home.resolve(".config"), "{not json");
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> RunnerConfig.resolve(null, Map.of(), home.toString(), "/tmp"));
    assertTrue(e.getMessage().startsWith("Cannot read the Krnel config file " + file), e.getMessage());
  }
}
