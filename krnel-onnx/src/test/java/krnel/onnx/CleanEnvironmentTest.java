package krnel.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's {@code java -cp ... Main} with no special environment (no {@code ORT_*} variables, as
 * {@code env -i} gives) scores prompts and exits 0, twice, and leaves no {@code onnxruntime-java*}
 * folder in the temp directory: the libraries come from one reused cache folder.
 *
 * <p>Before {@link OrtSetup}, ONNX Runtime 1.29's telemetry overflowed the main thread's stack
 * while reading a command line this long, and the child died with exit 139 and no message.
 */
class CleanEnvironmentTest {
  /** Beyond the ~3,000 characters from which the crash was seen; any real classpath is longer. */
  private static final int COMMAND_LINE_PADDING = 8_000;

  @Test
  void plainJavaCommandScoresPromptsWithoutTelemetryOrTempFolders(@TempDir Path scratch) throws Exception {
    Path home = Files.createDirectories(scratch.resolve("home"));
    Path tmp = Files.createDirectories(scratch.resolve("tmp"));
    Path cache = scratch.resolve("native-cache");

    for (int run = 1; run <= 2; run++) {
      Result result = runChild(home, tmp, cache, "free money, click now", "meeting moved to 3pm");
      assertEquals(0, result.exitCode(), "run " + run + " exited " + result.exitCode() + ":\n" + result.output());
      assertTrue(result.output().contains("free money, click now: 384 dimensions"), result.output());
      assertTrue(result.output().contains("meeting moved to 3pm: 384 dimensions"), result.output());
      assertEquals(List.of(), list(tmp, "onnxruntime-java"), "run " + run + " left ONNX Runtime temp folders");
    }
    try (Stream<Path> cached = Files.list(cache)) {
      List<String> folders = cached.map(p -> p.getFileName().toString()).toList();
      assertEquals(1, folders.size(), "one cached copy, reused by the second run: " + folders);
      assertTrue(folders.get(0).startsWith("onnxruntime-"), folders.toString());
    }
    // telemetry off: ONNX Runtime's uploader keeps its queue and device id under ~/.cache/Microsoft
    assertTrue(Files.notExists(home.resolve(".cache/Microsoft")), "ONNX Runtime telemetry started");
  }

  private record Result(int exitCode, String output) {}

  private static Result runChild(Path home, Path tmp, Path cache, String... prompts)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "-Djava.io.tmpdir=" + tmp,
        "-Dkrnel.native.cache=" + cache,
        "-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR", tmp.resolve("djl").toString()),
        "-Djna.tmpdir=" + tmp.resolve("jna"),
        "-Dkrnel.test.padding=" + "x".repeat(COMMAND_LINE_PADDING),
        "-cp", System.getProperty("java.class.path"),
        ScorePrompts.class.getName()));
    command.addAll(List.of(prompts));
    Path log = Files.createTempFile(home, "child", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().clear(); // as env -i: no ORT_DISABLE_TELEMETRY, nothing from Maven
    builder.environment().put("PATH", "/usr/bin:/bin");
    builder.environment().put("HOME", home.toString());
    builder.environment().put("XDG_CACHE_HOME", home.resolve(".cache").toString());
    Process child = builder.start();
    if (!child.waitFor(120, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      throw new AssertionError("the child ran past 120 s:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new Result(child.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private static List<String> list(Path dir, String prefix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).toList();
    }
  }
}
