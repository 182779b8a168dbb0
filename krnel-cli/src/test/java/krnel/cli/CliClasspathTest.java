package krnel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The class path bin/krnel starts the CLI with: target/krnel.classpath, which this module's pom writes at compile.
 * Runtime jars only: no junit, no S3 test server.
 */
class CliClasspathTest {
  @Test
  void theClassPathOfBinKrnelHoldsTheRuntimeJarsAndNoTestJars() throws Exception {
    Path file = Path.of("krnel-cli/target/krnel.classpath"); // tests run in the repository root
    assertTrue(Files.isRegularFile(file), file.toAbsolutePath() + " is missing: the pom's runtime-classpath execution"
        + " writes it at compile");
    List<String> jars = List.of(Files.readString(file).strip().split(File.pathSeparator));
    assertTrue(jars.stream().anyMatch(jar -> jar.contains("picocli")), jars.toString());
    assertTrue(jars.stream().anyMatch(jar -> jar.contains("krnel-s3")), jars.toString());
    assertEquals(List.of(), jars.stream().filter(jar -> jar.contains("/org/junit/") || jar.contains("/org/opentest4j/")
        || jar.contains("/org/apiguardian/") || jar.contains("s3mock") || jar.contains("-tests.jar")
        || jar.endsWith("test-classes")).toList(), "test-scope jars on the CLI's class path");
  }
}
