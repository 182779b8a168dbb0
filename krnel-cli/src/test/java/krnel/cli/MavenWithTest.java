package krnel.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static krnel.cli.CliRun.assertNoStackTrace;
import static krnel.cli.CliRun.krnel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import krnel.runner.Runner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --with group:artifact:version}: a custom op and its {@code @Implementation}, published as a
 * jar with a dependency of its own, are resolved from a Maven repository (a temporary one, written
 * here in the repository layout; offline, so no network is needed) and run by uuid, as on a GPU
 * machine that has only the store and the coordinates.
 */
class MavenWithTest {
  private static final String HELPER = String.join("\n",
      "package ext.helper;",
      "public final class Vowels {",
      "  public static int count(String text) {",
      "    int n = 0;",
      "    for (char c : text.toLowerCase(java.util.Locale.ROOT).toCharArray()) if (\"aeiou\".indexOf(c) >= 0) n++;",
      "    return n;",
      "  }",
      "}", "");
  private static final String OP = String.join("\n",
      "package ext;",
      "import krnel.annotations.Op;",
      "import krnel.types.*;",
      "@Op",
      "public interface VowelCountOp extends ScoreColumn {",
      "  TextColumn text();",
      "}", "");
  private static final String IMPLEMENTATION = String.join("\n",
      "package ext;",
      "import java.util.List;",
      "import krnel.annotations.Implementation;",
      "import krnel.runner.*;",
      "@Implementation",
      "public final class VowelCountImplementation implements OpImplementation<VowelCountOp> {",
      "  public Class<VowelCountOp> opType() { return VowelCountOp.class; }",
      "  public String version() { return \"1\"; }",
      "  public Result compute(VowelCountOp op, Inputs inputs) {",
      "    List<String> texts = inputs.strings(op.text());",
      "    double[] counts = new double[texts.size()];",
      "    for (int i = 0; i < counts.length; i++) counts[i] = ext.helper.Vowels.count(texts.get(i));",
      "    return Result.doubles(op, counts);",
      "  }",
      "}", "");
  private static final String GRAPH = String.join("\n",
      "package ext;",
      "import java.util.List;",
      "import java.util.Map;",
      "import krnel.runner.Runner;",
      "import krnel.types.*;",
      "public class VowelGraph {",
      "  static final Runner runner = Runner.open(\"STORE\");",
      "  static final Dataset mails = runner.fromInlineDataset(Map.of(\"text\", List.of(\"Win now\", \"Lunch?\", \"Meeting at noon\")));",
      "  public static final ScoreColumn vowels = ImmutableVowelCountOp.builder().text(mails.colText(\"text\")).build();",
      "}", "");
  /** The op jar's pom: its helper, krnel-runtime (left out: the runner has it) and jackson (on the CLI's classpath). */
  private static final String OPS_POM = String.join("\n",
      "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">",
      "  <modelVersion>4.0.0</modelVersion>",
      "  <groupId>test.krnel</groupId><artifactId>vowel-ops</artifactId><version>1.0</version>",
      "  <dependencies>",
      "    <dependency><groupId>test.krnel</groupId><artifactId>vowel-helper</artifactId><version>1.0</version></dependency>",
      "    <dependency><groupId>ai.krnel</groupId><artifactId>krnel-runtime</artifactId><version>0.1.0-SNAPSHOT</version></dependency>",
      "    <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId><version>2.0.0</version></dependency>",
      "    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.0.0</version><scope>test</scope></dependency>",
      "  </dependencies>",
      "</project>", "");

  @TempDir Path dir;
  private Path repo;
  private String store;
  private Path opsJar;
  private Path helperJar;

  @BeforeEach
  void publishTheOpsIntoATemporaryRepository() throws IOException {
    repo = Files.createDirectories(dir.resolve("m2"));
    store = dir.resolve("store").toString();
    helperJar = jar("helper", List.of(source("ext/helper/Vowels.java", HELPER)), List.of());
    opsJar = jar("ops", List.of(source("ext/VowelCountOp.java", OP), source("ext/VowelCountImplementation.java", IMPLEMENTATION),
        source("ext/VowelGraph.java", GRAPH.replace("STORE", store))), List.of(helperJar));
    install("vowel-helper", helperJar, String.join("\n", "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">",
        "  <modelVersion>4.0.0</modelVersion>",
        "  <groupId>test.krnel</groupId><artifactId>vowel-helper</artifactId><version>1.0</version>", "</project>", ""));
    install("vowel-ops", opsJar, OPS_POM);
  }

  @Test
  void aCustomOpRunsByUuidWithItsJarFromAMavenRepository() throws IOException {
    String classpath = opsJar + java.io.File.pathSeparator + helperJar;
    CliRun group = krnel("make-group", "--store", store, "--classpath", classpath, "-c", "ext.VowelGraph", "-s", "vowels", "--no-deps");
    assertEquals(0, group.code(), group.err());
    String uuid = group.out().trim();
    assertTrue(uuid.startsWith("VowelCountOp_"), uuid);

    // without the jar the other machine cannot read the op
    CliRun without = krnel("run", "--store", store, "-u", uuid);
    assertEquals(1, without.code(), without.out() + without.err());
    assertTrue(without.err().contains("VowelCountOp"), without.err());

    CliRun run = krnel("run", "--store", store, "-u", uuid, "--with", "test.krnel:vowel-ops:1.0",
        "--maven-repo", repo.toString(), "--offline");
    assertEquals(0, run.code(), run.out() + run.err());
    assertTrue(run.out().contains("Summary: 2 ops: 2 computed"), run.out()); // the op and the inline dataset it reads
    CliRun print = krnel("print", "--store", store, "-u", uuid, "--with", "test.krnel:vowel-ops:1.0",
        "--maven-repo", repo.toString(), "--offline");
    assertEquals(0, print.code(), print.err());
    assertTrue(print.out().contains("VowelCountOp"), print.out());
    try (Runner reader = Runner.open(store)) {
      assertTrue(reader.store().hasResult(uuid));
    }
  }

  @Test
  void resolvesTheDependenciesTheRunnerLacksAndNothingItHas() {
    List<Path> jars = MavenArtifacts.resolve(List.of("test.krnel:vowel-ops:1.0"),
        new MavenArtifacts.Repositories(repo, List.of(MavenArtifacts.CENTRAL), true));
    // krnel-runtime (group ai.krnel) and jackson-databind (on this classpath) are not in the repository:
    // resolving them would fail offline, and loading them would put a second copy beside the runner's
    assertEquals(List.of("vowel-ops-1.0.jar", "vowel-helper-1.0.jar"),
        jars.stream().map(jar -> jar.getFileName().toString()).collect(Collectors.toList()));
  }

  @Test
  void downloadsFromARemoteRepositoryIntoTheLocalOne() {
    Path local = dir.resolve("empty-m2");
    String remote = repo.toUri().toString(); // a file: URL: a remote repository without network
    List<Path> jars = MavenArtifacts.resolve(List.of("test.krnel:vowel-ops:1.0"),
        MavenArtifacts.Repositories.of(null, List.of(), false, java.util.Map.of("KRNEL_MAVEN_REPO", local.toString(),
            "KRNEL_MAVEN_REMOTE", remote)));

    assertEquals(2, jars.size(), jars.toString());
    jars.forEach(jar -> assertTrue(jar.startsWith(local), jar + " is kept in the local repository"));

    CliRun missing = krnel("status", "--store", store, "--with", "test.krnel:no-such-ops:1.0", "--maven-repo", local.toString(),
        "--maven-remote", remote);
    assertEquals(1, missing.code());
    assertTrue(missing.err().startsWith("error: cannot resolve --with test.krnel:no-such-ops:1.0: Could not find artifact"
        + " test.krnel:no-such-ops:jar:1.0 in remote0 (" + remote + ")\nhint: check the coordinates; searched local repository "
        + local + ", remote " + remote + " (choose them with"), missing.err());
  }

  /** A settings.xml's local repository and a mirror of everything (here a file: URL, so Maven Central is never asked). */
  @Test
  void readsTheLocalRepositoryAndMirrorsOfMavensSettings() throws IOException {
    Path local = dir.resolve("settings-m2");
    Path settings = dir.resolve("settings.xml");
    Files.writeString(settings, String.join("\n",
        "<settings>",
        "  <localRepository>" + local + "</localRepository>",
        "  <mirrors><mirror><id>company</id><mirrorOf>*</mirrorOf><url>" + repo.toUri() + "</url></mirror></mirrors>",
        "  <servers><server><id>company</id><username>me</username><password>secret</password></server></servers>",
        "</settings>", ""));
    MavenArtifacts.Repositories repositories = MavenArtifacts.Repositories.of(null, List.of(), false,
        java.util.Map.of("KRNEL_MAVEN_SETTINGS", settings.toString()));
    assertEquals(local, repositories.local());

    List<Path> jars = MavenArtifacts.resolve(List.of("test.krnel:vowel-ops:1.0"), repositories);

    assertEquals(List.of(local.resolve("test/krnel/vowel-ops/1.0/vowel-ops-1.0.jar"),
        local.resolve("test/krnel/vowel-helper/1.0/vowel-helper-1.0.jar")), jars);
    Files.writeString(settings, "<settings><localRepository>");
    CliException broken = org.junit.jupiter.api.Assertions.assertThrows(CliException.class, () -> MavenArtifacts.Repositories.of(
        null, List.of(), false, java.util.Map.of("KRNEL_MAVEN_SETTINGS", settings.toString())));
    assertTrue(broken.getMessage().startsWith("cannot read the Maven settings " + settings + ": "), broken.getMessage());
  }

  @Test
  void aMissingArtifactIsAOneLineErrorWithAHint() {
    CliRun run = krnel("status", "--store", store, "--with", "test.krnel:no-such-ops:1.0", "--maven-repo", repo.toString(), "--offline");

    assertEquals(1, run.code());
    String[] lines = run.err().split("\n");
    assertEquals(2, lines.length, run.err());
    assertTrue(lines[0].startsWith("error: cannot resolve --with test.krnel:no-such-ops:1.0: "), run.err());
    assertTrue(lines[0].contains("test.krnel:no-such-ops:jar:1.0"), run.err());
    assertEquals("hint: install it into " + repo + " (mvn install, or --maven-repo DIR), or drop --offline to download it", lines[1]);
    assertNoStackTrace(run);
  }

  @Test
  void badCoordinatesAreAOneLineError() {
    CliRun run = krnel("status", "--store", store, "--with", "vowel-ops", "--maven-repo", repo.toString(), "--offline");

    assertEquals(1, run.code());
    assertEquals("error: --with vowel-ops is not Maven coordinates\nhint: give group:artifact:version, e.g. --with"
        + " com.example:my-ops:1.0\n", run.err());
  }

  private Path source(String relative, String text) throws IOException {
    Path file = dir.resolve("src").resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, UTF_8);
    return file;
  }

  /** Compiles {@code sources} (with the Krnel processors, as a user's build does) into a jar. */
  private Path jar(String name, List<Path> sources, List<Path> extraClasspath) throws IOException {
    Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
    List<String> classpath = new ArrayList<>(List.of(System.getProperty("java.class.path")));
    extraClasspath.forEach(path -> classpath.add(path.toString()));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, UTF_8)) {
      boolean ok = javac.getTask(null, files, diagnostics, List.of("-d", classes.toString(), "-classpath",
              String.join(java.io.File.pathSeparator, classpath), "-processor",
              "krnel.processor.OpProcessor,krnel.processor.ImplementationProcessor", "-nowarn"),
          null, files.getJavaFileObjectsFromPaths(sources)).call();
      assertTrue(ok, diagnostics.getDiagnostics().toString());
    }
    Path jar = dir.resolve(name + ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> walk = Files.walk(classes)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(java.io.File.separatorChar, '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  /** Writes {@code jar}, {@code pom} and their checksums where a Maven repository keeps test.krnel:artifact:1.0. */
  private void install(String artifact, Path jar, String pom) throws IOException {
    Path folder = Files.createDirectories(repo.resolve("test/krnel").resolve(artifact).resolve("1.0"));
    Files.copy(jar, folder.resolve(artifact + "-1.0.jar"));
    try (OutputStream out = Files.newOutputStream(folder.resolve(artifact + "-1.0.pom"))) {
      out.write(pom.getBytes(UTF_8));
    }
    for (String file : List.of(artifact + "-1.0.jar", artifact + "-1.0.pom")) { // as a remote repository serves them
      Files.writeString(folder.resolve(file + ".sha1"), sha1(Files.readAllBytes(folder.resolve(file))));
    }
  }

  private static String sha1(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
