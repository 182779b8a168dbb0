package krnel.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted for one test (a full disk, a read-only store), where this machine lets the
 * tests mount (as root in a container that allows it); elsewhere the test is skipped, saying why.
 */
final class Tmpfs implements AutoCloseable {
  private final Path dir;

  private Tmpfs(Path dir) {
    this.dir = dir;
  }

  /** Mounts a tmpfs with {@code options} (e.g. {@code size=4m}, {@code ro}) on the new directory {@code dir}, or skips the test. */
  static Tmpfs mount(Path dir, String options) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    String why = run(List.of("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString()));
    Assumptions.assumeTrue(why == null, () -> "skipped: this machine does not let the tests mount a tmpfs (" + why
        + "); run them as root where mount -t tmpfs is permitted");
    return new Tmpfs(dir);
  }

  Path dir() {
    return dir;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    String why = run(List.of("umount", dir.toString()));
    if (why != null) {
      throw new IOException("cannot unmount the test's tmpfs " + dir + ": " + why);
    }
  }

  /** Null if the command succeeded, else what it said. */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return e.getMessage();
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return command.get(0) + " timed out";
    }
    return process.exitValue() == 0 ? null : command.get(0) + " exited " + process.exitValue() + ": " + output;
  }
}
