package krnel.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.apache.maven.settings.Mirror;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.collection.DependencyCollectionContext;
import org.eclipse.aether.collection.DependencySelector;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.transfer.ArtifactTransferException;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.eclipse.aether.util.graph.selector.AndDependencySelector;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;

/**
 * The jars of {@code --with group:artifact:version}, with their runtime dependencies, resolved by
 * Apache Maven Resolver from a local Maven repository and remote ones (Maven Central by default):
 * the Java counterpart of krnel-graph's {@code --import module}.
 *
 * <p>Artifacts the runner already has are not loaded a second time (two copies of a class in two
 * loaders do not match): dependencies in group {@code ai.krnel} are left out, and so is every
 * artifact whose {@code META-INF/maven/<group>/<artifact>/pom.properties} is on the CLI's own
 * classpath (with its dependencies): the runner's version of it is used.
 */
final class MavenArtifacts {
  static final String CENTRAL = "https://repo.maven.apache.org/maven2/";
  private static final String KRNEL_GROUP = "ai.krnel";

  private MavenArtifacts() {}

  /**
   * Where artifacts are looked for and kept: the options, then the environment, then Maven's user
   * settings ({@code KRNEL_MAVEN_SETTINGS}, else {@code ~/.m2/settings.xml}: its local repository,
   * offline flag, mirrors and servers' user names and plain passwords).
   */
  record Repositories(Path local, List<String> remotes, boolean offline, Settings settings) {
    Repositories(Path local, List<String> remotes, boolean offline) {
      this(local, remotes, offline, new Settings());
    }

    /**
     * The local repository given, else {@code KRNEL_MAVEN_REPO}, else the {@code maven.repo.local}
     * system property, else the settings' {@code localRepository}, else {@code ~/.m2/repository};
     * the remotes given, else {@code KRNEL_MAVEN_REMOTE} (comma-separated URLs), else Maven Central.
     */
    static Repositories of(Path local, List<String> remotes, boolean offline, Map<String, String> env) {
      Settings settings = settings(env);
      Path localRepo = local;
      if (localRepo == null && env.get("KRNEL_MAVEN_REPO") != null && !env.get("KRNEL_MAVEN_REPO").isBlank()) {
        localRepo = Path.of(env.get("KRNEL_MAVEN_REPO"));
      }
      if (localRepo == null && System.getProperty("maven.repo.local") != null) {
        localRepo = Path.of(System.getProperty("maven.repo.local"));
      }
      if (localRepo == null && settings.getLocalRepository() != null && !settings.getLocalRepository().isBlank()) {
        localRepo = Path.of(settings.getLocalRepository());
      }
      if (localRepo == null) {
        localRepo = Path.of(System.getProperty("user.home"), ".m2", "repository");
      }
      List<String> remoteUrls = new ArrayList<>(remotes);
      if (remoteUrls.isEmpty() && env.get("KRNEL_MAVEN_REMOTE") != null && !env.get("KRNEL_MAVEN_REMOTE").isBlank()) {
        for (String url : env.get("KRNEL_MAVEN_REMOTE").split(",")) {
          remoteUrls.add(url.trim());
        }
      }
      if (remoteUrls.isEmpty()) {
        remoteUrls.add(CENTRAL);
      }
      return new Repositories(localRepo, remoteUrls, offline || settings.isOffline(), settings);
    }

    private static Settings settings(Map<String, String> env) {
      String given = env.get("KRNEL_MAVEN_SETTINGS");
      File file = given != null && !given.isBlank() ? new File(given)
          : Path.of(System.getProperty("user.home"), ".m2", "settings.xml").toFile();
      if (!file.isFile()) {
        if (given != null && !given.isBlank()) {
          throw new CliException("KRNEL_MAVEN_SETTINGS names " + file + ", which is not a file",
              "point it at a Maven settings.xml, or unset it");
        }
        return new Settings();
      }
      DefaultSettingsBuildingRequest request = new DefaultSettingsBuildingRequest();
      request.setUserSettingsFile(file);
      request.setSystemProperties(System.getProperties());
      try {
        return new DefaultSettingsBuilderFactory().newInstance().build(request).getEffectiveSettings();
      } catch (SettingsBuildingException e) {
        throw new CliException("cannot read the Maven settings " + file + ": " + firstLine(e.getProblems().isEmpty()
            ? String.valueOf(e.getMessage()) : e.getProblems().get(0).getMessage()),
            "fix the file, or point KRNEL_MAVEN_SETTINGS at another one", e);
      }
    }

    String describe() {
      return "local repository " + local + (offline ? " (offline)" : ", remote " + String.join(", ", remotes));
    }
  }

  /** The jars to add to the classpath for {@code coordinates}, dependencies included; none for none. */
  static List<Path> resolve(List<String> coordinates, Repositories repositories) {
    if (coordinates.isEmpty()) {
      return List.of();
    }
    CollectRequest collect = new CollectRequest();
    for (String coordinate : coordinates) {
      collect.addDependency(new Dependency(artifact(coordinate), JavaScopes.RUNTIME, false,
          List.of(new Exclusion(KRNEL_GROUP, "*", "*", "*"))));
    }
    List<RemoteRepository> remotes = new ArrayList<>();
    for (int i = 0; i < repositories.remotes().size(); i++) {
      String url = repositories.remotes().get(i);
      remotes.add(new RemoteRepository.Builder(url.equals(CENTRAL) ? "central" : "remote" + i, "default", url).build());
    }
    RepositorySystem system = new RepositorySystemSupplier().get();
    try {
      DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
      session.setLocalRepositoryManager(system.newLocalRepositoryManager(session,
          new LocalRepository(repositories.local().toFile())));
      session.setOffline(repositories.offline());
      applySettings(session, repositories.settings());
      collect.setRepositories(system.newResolutionRepositories(session, remotes)); // mirrors and credentials applied
      session.setDependencySelector(new AndDependencySelector(session.getDependencySelector(), new NotOnRunnerClasspath()));
      List<Path> jars = new ArrayList<>();
      for (ArtifactResult result : system.resolveDependencies(session,
          new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME))).getArtifactResults()) {
        jars.add(result.getArtifact().getFile().toPath());
      }
      return jars;
    } catch (DependencyResolutionException e) {
      throw new CliException("cannot resolve --with " + String.join(", ", coordinates) + ": " + firstLine(rootMessage(e)),
          hint(e, repositories), e);
    } finally {
      system.shutdown();
    }
  }

  /** The settings' mirrors and the user names and passwords of its servers (matched by repository or mirror id). */
  private static void applySettings(DefaultRepositorySystemSession session, Settings settings) {
    DefaultMirrorSelector mirrors = new DefaultMirrorSelector();
    for (Mirror mirror : settings.getMirrors()) {
      mirrors.add(mirror.getId(), mirror.getUrl(), mirror.getLayout(), false, mirror.isBlocked(), mirror.getMirrorOf(),
          mirror.getMirrorOfLayouts());
    }
    session.setMirrorSelector(mirrors);
    DefaultAuthenticationSelector credentials = new DefaultAuthenticationSelector();
    for (Server server : settings.getServers()) {
      credentials.add(server.getId(), new AuthenticationBuilder().addUsername(server.getUsername())
          .addPassword(server.getPassword()).build());
    }
    session.setAuthenticationSelector(credentials);
  }

  private static DefaultArtifact artifact(String coordinate) {
    try {
      return new DefaultArtifact(coordinate);
    } catch (IllegalArgumentException e) {
      throw new CliException("--with " + coordinate + " is not Maven coordinates",
          "give group:artifact:version, e.g. --with com.example:my-ops:1.0", e);
    }
  }

  private static String hint(Exception e, Repositories repositories) {
    String message = rootMessage(e);
    if (repositories.offline()) {
      return "install it into " + repositories.local() + " (mvn install, or --maven-repo DIR), or drop --offline"
          + " to download it" + (repositories.settings().isOffline() ? " (settings.xml sets <offline>)" : "");
    }
    if (message.contains("Could not find") || message.contains("not found")) {
      return "check the coordinates; searched " + repositories.describe()
          + " (choose them with --maven-repo DIR / KRNEL_MAVEN_REPO and --maven-remote URL)";
    }
    return "check the network and --maven-remote (searched " + repositories.describe() + "),"
        + " or use --offline with artifacts already in the local repository";
  }

  /** The message of the innermost failed transfer (it names the artifact and the repository), else of the root cause. */
  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    Throwable transfer = null;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
      if (cause instanceof ArtifactTransferException) {
        transfer = cause;
      }
    }
    Throwable chosen = transfer != null ? transfer : cause;
    return chosen.getMessage() == null ? chosen.toString() : chosen.getMessage();
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  /** Leaves out artifacts whose Maven metadata is on the CLI's own classpath: the runner has them. */
  private static final class NotOnRunnerClasspath implements DependencySelector {
    private final ClassLoader runnerLoader = MavenArtifacts.class.getClassLoader();

    @Override
    public boolean selectDependency(Dependency dependency) {
      var artifact = dependency.getArtifact();
      return runnerLoader.getResource("META-INF/maven/" + artifact.getGroupId() + "/" + artifact.getArtifactId()
          + "/pom.properties") == null;
    }

    @Override
    public DependencySelector deriveChildSelector(DependencyCollectionContext context) {
      return this;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof NotOnRunnerClasspath;
    }

    @Override
    public int hashCode() {
      return NotOnRunnerClasspath.class.hashCode();
    }
  }
}
