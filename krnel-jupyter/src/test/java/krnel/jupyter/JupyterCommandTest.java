package krnel.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where {@code krnel jupyter install} writes the kernelspec, what it holds, and its one-line errors. */
class JupyterCommandTest {
  private static final List<String> FLAGS = List.of("--add-opens=java.base/java.nio=ALL-UNNAMED", "-Djava.awt.headless=true");

  @TempDir Path temp;

  @Test
  void theKernelspecStartsTheKernelWithThisJvmsJavaFlagsAndClassPath() throws Exception {
    Path written = JupyterCommand.run(List.of("install", "--prefix", temp.toString()), Map.of(), "/home/x",
        "/jdk/bin/java", FLAGS, "a.jar:b/classes");
    assertEquals(temp.resolve("share/jupyter/kernels/krnel/kernel.json"), written);
    JsonNode spec = new ObjectMapper().readTree(written.toFile());
    assertEquals(List.of("/jdk/bin/java", FLAGS.get(0), FLAGS.get(1), "-cp", "a.jar:b/classes",
        "krnel.jupyter.KernelMain", "{connection_file}"), new ObjectMapper().convertValue(spec.get("argv"), List.class));
    assertEquals("java", spec.get("language").asText());
    assertEquals("1", spec.get("env").get("ORT_DISABLE_TELEMETRY").asText());
  }

  /**
   * The class path bin/krnel gives the kernelspec: the module's classes and target/krnel.classpath, which this
   * module's pom writes at compile (the file bin/krnel reads). Runtime jars only: no junit.
   */
  @Test
  void theKernelClassPathHoldsTheRuntimeJarsAndNoTestJars() throws Exception {
    List<String> jars = kernelClasspath();
    assertTrue(jars.stream().anyMatch(jar -> jar.contains("jjava-jupyter")), jars.toString());
    assertTrue(jars.stream().anyMatch(jar -> jar.contains("krnel-runtime")), jars.toString());
    assertTrue(jars.stream().anyMatch(jar -> jar.contains("onnxruntime")), jars.toString());
    List<String> testJars = jars.stream().filter(JupyterCommandTest::isTestJar).toList();
    assertEquals(List.of(), testJars, "test-scope jars on the kernel's class path");
    assertTrue(System.getProperty("java.class.path").contains("junit-jupiter-api"), "the check above sees junit here");
  }

  /** The jars of {@code target/krnel.classpath}, as the build wrote them. */
  static List<String> kernelClasspath() throws IOException {
    Path file = kernelClasspathFile();
    assertTrue(Files.isRegularFile(file), file + " is missing: the pom's runtime-classpath execution writes it at compile");
    return List.of(Files.readString(file).strip().split(File.pathSeparator));
  }

  static Path kernelClasspathFile() {
    return Path.of(System.getProperty("krnel.kernelClasspathFile", "target/krnel.classpath")).toAbsolutePath();
  }

  /** junit and what only it brings in (the module's test dependencies). */
  static boolean isTestJar(String jar) {
    return jar.contains("/org/junit/") || jar.contains("/org/opentest4j/") || jar.contains("/org/apiguardian/");
  }

  @Test
  void byDefaultAndWithUserItGoesWhereJupyterLooksForTheUsersKernels() throws Exception {
    assertEquals(temp.resolve(".local/share/jupyter/kernels/krnel/kernel.json"),
        JupyterCommand.run(List.of("install"), Map.of("XDG_DATA_HOME", ""), temp.toString(), "java", FLAGS, "cp"));
    assertEquals(Path.of("/d/jupyter"), JupyterCommand.userDataDir(Map.of("XDG_DATA_HOME", "/d"), "/home/x"));
    assertEquals(Path.of("/j"), JupyterCommand.userDataDir(Map.of("JUPYTER_DATA_DIR", "/j", "XDG_DATA_HOME", "/d"), "/home/x"));
    Path named = JupyterCommand.run(List.of("install", "--user", "--name", "krnel-dev"), Map.of("JUPYTER_DATA_DIR",
        temp.toString()), "/home/x", "java", FLAGS, "cp");
    assertEquals(temp.resolve("kernels/krnel-dev/kernel.json"), named);
  }

  @Test
  void aWrongOptionIsOneLineThatListsTheRightOnes() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> JupyterCommand.run(List.of("install", "--sys-prefix"), Map.of(), "/h", "java", FLAGS, "cp"));
    assertEquals("jupyter install: unknown option --sys-prefix; the options are --user, --prefix DIR and --name NAME",
        unknown.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> JupyterCommand.run(List.of("install", "--prefix"), Map.of(), "/h", "java", FLAGS, "cp"))
        .getMessage().contains("--prefix: the option needs a value"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> JupyterCommand.run(List.of("uninstall"), Map.of(), "/h", "java", FLAGS, "cp")).getMessage().startsWith("usage:"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> JupyterCommand.run(List.of("install", "--name", "a b"), Map.of(), "/h", "java", FLAGS, "cp"))
        .getMessage().contains("a kernel name holds only"));
  }
}
