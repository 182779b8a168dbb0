package krnel.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import krnel.runner.OpState;
import picocli.CommandLine.Option;

/**
 * Where a command's ops come from and which of them it acts on: the reference's graph sources and
 * filters. Every given filter must match; a filter given several times matches any of its values.
 * Text matching is case-insensitive and by substring.
 */
final class GraphOptions {
  @Option(names = {"-f", "--input-file"}, paramLabel = "Main.java",
      description = "A Java source file: compiled here (with the Krnel annotation processor); its static fields of op"
          + " types are the graph's named ops, and a static Runner field names the store.")
  List<Path> files = new ArrayList<>();

  @Option(names = {"-c", "--class"}, paramLabel = "CLASS",
      description = "A class on the classpath whose static fields of op types are the graph's named ops.")
  List<String> classes = new ArrayList<>();

  @Option(names = {"-g", "--graph"}, paramLabel = "GRAPH.json",
      description = "A graph JSON file (written by Java or Python krnel-graph); its outputs are the named ops.")
  List<Path> graphs = new ArrayList<>();

  @Option(names = {"-u", "--uuid"}, paramLabel = "UUID",
      description = "A whole uuid: that op, read from the store. Part of a uuid: keep the ops whose uuid contains it."
          + " With no -f/-c/-g, ops come from the whole store.")
  List<String> uuids = new ArrayList<>();

  @Option(names = "--no-deps", description = "Only the named ops; by default their direct inputs (named"
      + " <variable>.<field>) and every stored (non-ephemeral) dependency are included too.")
  boolean noDeps;

  @Option(names = {"-s", "--variable-name"}, paramLabel = "NAME", description = "Keep ops whose variable name contains NAME.")
  List<String> names = new ArrayList<>();

  @Option(names = {"-t", "--type"}, paramLabel = "TYPE", description = "Keep ops whose type contains TYPE, e.g. -t LLM.")
  List<String> types = new ArrayList<>();

  @Option(names = {"-p", "--parameters"}, paramLabel = "VALUE", description = "Keep ops with a parameter whose value contains VALUE.")
  List<String> parameters = new ArrayList<>();

  @Option(names = {"-S", "--code"}, paramLabel = "TEXT", description = "Keep ops whose pseudocode contains TEXT.")
  List<String> code = new ArrayList<>();

  @Option(names = "--state", paramLabel = "STATE",
      description = "Keep ops in this state: new, pending, running, completed, failed, ephemeral.")
  List<OpState> states = new ArrayList<>();

  @Option(names = {"-n", "--num-ops"}, paramLabel = "N", description = "Stop after N ops.")
  Integer limit;

  @Option(names = "--store", paramLabel = "URI",
      description = "The store: a directory, or a bucket (s3://bucket/prefix, with krnel-s3). Default: the -f file's runner, else KRNEL_STORE_URI, else the config file"
          + " (krnel config), else <tmp>/krnel.")
  String store;

  @Option(names = "--classpath", paramLabel = "PATH", split = "${sys:path.separator}",
      description = "Extra jars and class directories: for -c, for compiling -f, and for ops and implementations they declare.")
  List<Path> classpath = new ArrayList<>();

  @Option(names = "--with", paramLabel = "GROUP:ARTIFACT:VERSION",
      description = "A jar from a Maven repository, with its runtime dependencies, added like --classpath (repeatable):"
          + " ops and implementations another project publishes. Artifacts the CLI already has (ai.krnel, its"
          + " libraries) are not loaded again.")
  List<String> with = new ArrayList<>();

  @Option(names = "--maven-repo", paramLabel = "DIR",
      description = "The local Maven repository for --with. Default: KRNEL_MAVEN_REPO, else -Dmaven.repo.local, else ~/.m2/repository.")
  Path mavenRepo;

  @Option(names = "--maven-remote", paramLabel = "URL",
      description = "A remote Maven repository for --with (repeatable). Default: KRNEL_MAVEN_REMOTE (comma-separated), else Maven Central.")
  List<String> mavenRemotes = new ArrayList<>();

  @Option(names = "--offline", description = "Resolve --with from the local Maven repository only.")
  boolean offline;

  @Option(names = {"-v", "--verbose"}, description = "Print stack traces of errors.")
  boolean verbose;

  /** {@code --classpath} and the jars of {@code --with}, resolved now. */
  List<Path> fullClasspath() {
    List<Path> entries = new ArrayList<>(classpath);
    if (with.isEmpty()) {
      return entries;
    }
    entries.addAll(MavenArtifacts.resolve(with, MavenArtifacts.Repositories.of(mavenRepo, mavenRemotes, offline, System.getenv())));
    return entries;
  }

  /** Whether any source of named ops was given (else the whole store is the graph). */
  boolean hasSources() {
    return !files.isEmpty() || !classes.isEmpty() || !graphs.isEmpty();
  }
}
