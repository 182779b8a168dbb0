package com.example.spam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The program, run as a user runs it: a plain java command with no environment (as env -i gives). */
class MainTest {
  @Test
  void plainJavaCommandPrintsOnlyTheScores(@TempDir Path scratch) throws Exception {
    Path out = scratch.resolve("out.txt");
    Path err = scratch.resolve("err.txt");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens=java.base/java.nio=ALL-UNNAMED");
    if (Runtime.version().feature() >= 24) {
      builder.command().addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
    }
    builder.command().addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/bin:/bin");
    builder.environment().put("HOME", System.getProperty("user.home"));
    Process child = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    child.waitFor(120, TimeUnit.SECONDS);
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertEquals(0, child.exitValue(), stderr);
    assertEquals(List.of("FREE MONEY, CLICK NOW: shouting 1.00, 384 activations", "lunch at noon?: shouting 0.00, 384 activations"),
        Files.readAllLines(out, StandardCharsets.UTF_8));
    assertEquals("", stderr, "nothing but what the program printed");
  }
}
