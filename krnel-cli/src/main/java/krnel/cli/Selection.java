package krnel.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import krnel.graph.FieldSpec;
import krnel.graph.OpSpec;
import krnel.graph.Pseudocode;
import krnel.runner.KrnelModule;
import krnel.runner.Runner;
import krnel.runner.RunnerConfig;

/**
 * The ops a command acts on, and the runner on their store. Opening one compiles and loads the
 * graph sources (in a class loader that also sees {@code --classpath}, made the thread's context
 * loader so that the ops and implementations they declare are found), names their ops, adds
 * dependencies and applies the filters. Closing it releases all of that.
 */
final class Selection implements AutoCloseable {
  private static final Pattern WHOLE_UUID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*_[0-9a-f]{64}");
  static final String NO_OPS_HINT = "give a graph with -f Main.java, -c CLASS, -g GRAPH.json or -u UUID, and narrow it"
      + " with -s NAME, -t TYPE, -p VALUE, -S TEXT or --state STATE; see krnel <command> --help";

  private final Runner runner;
  private final List<NamedOp> ops;
  private final URLClassLoader loader;
  private final ClassLoader previousContext;
  private final Path scratch;

  private Selection(Runner runner, List<NamedOp> ops, URLClassLoader loader, ClassLoader previousContext, Path scratch) {
    this.runner = runner;
    this.ops = ops;
    this.loader = loader;
    this.previousContext = previousContext;
    this.scratch = scratch;
  }

  Runner runner() {
    return runner;
  }

  /** The selected ops, in the order the sources gave them (named ops, their inputs, then dependencies). */
  List<NamedOp> ops() {
    return ops;
  }

  /** The selected ops sorted by uuid, as the reference lists them. */
  List<NamedOp> byUuid() {
    return ops.stream().sorted(Comparator.comparing(named -> named.op().uuid())).collect(Collectors.toList());
  }

  /**
   * Loads the sources of {@code options} and selects their ops. Fails with a hint when nothing is
   * selected.
   *
   * @param includeDeps whether to add dependencies (unless {@code --no-deps})
   * @param limited whether {@code -n} limits the selection (a run applies it to the ops it computes)
   */
  static Selection open(GraphOptions options, boolean includeDeps, boolean limited, PrintWriter err) {
    return open(options, includeDeps, limited, false, err);
  }

  /**
   * As above; {@code writes} for commands that store results ({@code run}, {@code make-group}): a
   * store directory that does not exist yet is then created, with a note on {@code err} saying so,
   * where a reading command refuses a {@code --store} that does not exist.
   */
  static Selection open(GraphOptions options, boolean includeDeps, boolean limited, boolean writes, PrintWriter err) {
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    Path scratch = null;
    URLClassLoader loader = null;
    Runner runner = null;
    try {
      scratch = options.files.isEmpty() ? null : Files.createTempDirectory("krnel-cli-");
      List<Path> extraClasspath = options.fullClasspath();
      loader = new URLClassLoader(urls(extraClasspath, scratch), Selection.class.getClassLoader());
      Thread.currentThread().setContextClassLoader(loader);

      Map<String, NamedOp> named = new LinkedHashMap<>(); // by uuid: an op keeps the first name it gets
      List<Runner> fileRunners = new ArrayList<>();
      for (Path file : options.files) {
        String className = JavaSourceCompiler.compile(file, scratch, classpath(extraClasspath));
        addFields(load(className, loader, "compiled from " + file), named, fileRunners);
      }
      for (String className : options.classes) {
        addFields(load(className, loader, "on the classpath"), named, fileRunners);
      }
      for (Path graph : options.graphs) {
        GraphFiles.read(graph).forEach(op -> named.putIfAbsent(op.uuid(), new NamedOp(op.uuid(), op)));
      }
      String storeUri = storeUri(options, fileRunners);
      try {
        runner = Runner.open(checkStoreExists(storeUri, options, writes, err),
            modulesIn(scratch, loader).toArray(new KrnelModule[0]));
      } catch (IllegalArgumentException e) { // a store that is a file, an unknown scheme: nothing can run
        throw new CliException(e.getMessage(), storeUri.matches("(?i)(s3|gs)://.*")
            ? "check the bucket URI and the AWS settings (AWS_ENDPOINT_URL_S3, AWS_REGION, credentials): docs/remote-store.md"
            : "choose the store with --store DIR (or KRNEL_STORE_URI)", e);
      }

      List<String> uuidFilters = new ArrayList<>();
      for (String uuid : options.uuids) {
        if (!WHOLE_UUID.matcher(uuid).matches()) {
          uuidFilters.add(uuid);
        } else if (!named.containsKey(uuid)) {
          Optional<OpSpec> stored = runner.findOp(uuid);
          if (stored.isEmpty()) {
            throw new CliException("no op " + uuid + " in the store " + runner.store().uri(),
                "list the store's ops with `krnel status`, or choose the store with --store");
          }
          named.put(uuid, new NamedOp(uuid, stored.get()));
        }
      }
      if (!options.hasSources() && named.isEmpty()) {
        storeOps(runner, err).forEach(op -> named.put(op.uuid(), new NamedOp(op.uuid(), op)));
      }
      if (includeDeps && !options.noDeps) {
        addDependencies(named);
      }
      List<NamedOp> selected = filter(named.values().stream(), options, uuidFilters, runner)
          .limit(limited && options.limit != null ? options.limit : Long.MAX_VALUE)
          .collect(Collectors.toList());
      if (selected.isEmpty()) {
        throw new CliException("No ops found" + (options.hasSources() || !options.uuids.isEmpty() ? "." : " in the store "
            + runner.store().uri() + "."), NO_OPS_HINT);
      }
      return new Selection(runner, selected, loader, previous, scratch);
    } catch (IOException e) {
      release(runner, loader, previous, scratch);
      throw new CliException("cannot make a temporary directory: " + e.getMessage(), "check java.io.tmpdir", e);
    } catch (RuntimeException | Error e) {
      release(runner, loader, previous, scratch);
      throw e;
    }
  }

  private static URL[] urls(List<Path> classpath, Path scratch) {
    List<URL> urls = new ArrayList<>();
    try {
      for (Path entry : classpath) {
        if (!Files.exists(entry)) {
          throw new CliException("--classpath entry " + entry + " does not exist", "give jars or class directories");
        }
        urls.add(entry.toUri().toURL());
      }
      if (scratch != null) {
        urls.add(scratch.toUri().toURL());
      }
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
    return urls.toArray(new URL[0]);
  }

  /** This process's classpath and {@code --classpath}: what a -f file is compiled against. */
  private static String classpath(List<Path> extra) {
    List<String> entries = new ArrayList<>();
    entries.add(System.getProperty("java.class.path"));
    extra.forEach(path -> entries.add(path.toString()));
    return String.join(java.io.File.pathSeparator, entries);
  }

  private static Class<?> load(String className, ClassLoader loader, String where) {
    try {
      return Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new CliException("class " + className + " " + where + " cannot be loaded: " + e,
          "give its full name (package included) and put its jar or class directory on --classpath", e);
    }
  }

  private static void addFields(Class<?> type, Map<String, NamedOp> named, List<Runner> runners) {
    StaticFields fields = StaticFields.of(type);
    fields.ops().forEach(op -> named.putIfAbsent(op.op().uuid(), op));
    fields.runners().stream().filter(r -> !runners.contains(r)).forEach(runners::add);
  }

  /**
   * A mistyped store path must not pass for an empty store, nor be created by a command that only
   * reads: a run that starts a new store says so before computing; a reading command with graph
   * sources reads an empty store in memory (every op is new) and says so; one without sources has
   * nothing to read and refuses. Returns the store to open.
   */
  private static String checkStoreExists(String storeUri, GraphOptions options, boolean writes, PrintWriter err) {
    Path local = localPath(storeUri);
    if (local == null || Files.exists(local)) {
      return storeUri;
    }
    if (writes) {
      err.println("note: there is no store at " + local + ": starting a new, empty one, so every op is computed"
          + " (mistyped? stop now and check --store, KRNEL_STORE_URI or `krnel config`)");
      err.flush();
      return storeUri;
    }
    if (!options.hasSources() && options.uuids.isEmpty()) {
      throw new CliException("there is no store at " + local,
          "check the path (--store, KRNEL_STORE_URI or `krnel config`); `krnel run` starts a new store");
    }
    err.println("note: there is no store at " + local + " (not created): every op is new");
    err.flush();
    return "memory:" + java.util.UUID.randomUUID();
  }

  /** The directory of a local store URI (a path or {@code file:} URI), or null for other stores. */
  private static Path localPath(String storeUri) {
    if (storeUri.startsWith("file:")) {
      return Path.of(java.net.URI.create(storeUri));
    }
    if (storeUri.startsWith("memory:") || storeUri.contains("://")) {
      return null;
    }
    return Path.of(storeUri);
  }

  private static String storeUri(GraphOptions options, List<Runner> fileRunners) {
    if (options.store != null) {
      return options.store;
    }
    List<String> stores = fileRunners.stream().map(r -> r.store().uri()).distinct().collect(Collectors.toList());
    if (stores.size() > 1) {
      throw new CliException("the graph sources hold runners on " + stores.size() + " stores: " + String.join(", ", stores),
          "keep one runner in the graph's static fields, or choose the store with --store");
    }
    return stores.isEmpty() ? RunnerConfig.resolve().storeUri() : stores.get(0);
  }

  /**
   * The Krnel modules that a compiled -f file declares: they bind its implementations, as
   * krnel-graph's {@code @implementation} functions register themselves when the file is imported.
   */
  private static List<KrnelModule> modulesIn(Path scratch, ClassLoader loader) throws IOException {
    List<KrnelModule> modules = new ArrayList<>();
    if (scratch == null) {
      return modules;
    }
    List<Path> classFiles;
    try (Stream<Path> walk = Files.walk(scratch)) {
      classFiles = walk.filter(p -> p.toString().endsWith(".class")).sorted().collect(Collectors.toList());
    }
    for (Path classFile : classFiles) {
      String relative = scratch.relativize(classFile).toString();
      String name = relative.substring(0, relative.length() - ".class".length()).replace(classFile.getFileSystem().getSeparator(), ".");
      Class<?> type = load(name, loader, "compiled from the -f file");
      if (KrnelModule.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers())) {
        try {
          var constructor = type.getDeclaredConstructor();
          constructor.setAccessible(true);
          modules.add((KrnelModule) constructor.newInstance());
        } catch (ReflectiveOperationException e) {
          throw new CliException("cannot create module " + name + ": " + e, "give it a constructor without arguments", e);
        }
      }
    }
    return modules;
  }

  /** Every op with a status in the store; unreadable ones (an op not on the classpath) are skipped with a warning. */
  private static List<OpSpec> storeOps(Runner runner, PrintWriter err) {
    List<String> uuids;
    try {
      uuids = runner.store().uuids();
    } catch (IOException e) {
      throw new CliException("cannot list the store " + runner.store().uri() + ": " + e.getMessage(), "check --store", e);
    }
    List<OpSpec> ops = new ArrayList<>();
    for (String uuid : uuids) {
      try {
        runner.findOp(uuid).ifPresent(ops::add);
      } catch (UncheckedIOException | IllegalArgumentException e) {
        err.println("warning: skipping " + uuid + ": " + e.getMessage());
      }
    }
    return ops;
  }

  /** Direct inputs of named ops as {@code <name>.<field>}, then every non-ephemeral dependency by uuid. */
  private static void addDependencies(Map<String, NamedOp> named) {
    List<NamedOp> roots = new ArrayList<>(named.values());
    for (NamedOp root : roots) {
      if (!root.name().equals(root.op().uuid())) {
        root.op().forEachField((field, value) -> forEachInput(field, value, (suffix, input) ->
            named.putIfAbsent(input.uuid(), new NamedOp(root.name() + "." + field.name() + suffix, input))));
      }
    }
    for (NamedOp root : roots) {
      for (OpSpec dependency : root.op().dependencies(true)) {
        if (!dependency.isEphemeral()) {
          named.putIfAbsent(dependency.uuid(), new NamedOp(dependency.uuid(), dependency));
        }
      }
    }
  }

  private static void forEachInput(FieldSpec field, Object value, java.util.function.BiConsumer<String, OpSpec> action) {
    if (value == null || !field.isInput()) {
      return;
    }
    if (value instanceof OpSpec) {
      action.accept("", (OpSpec) value);
    } else if (value instanceof List) {
      List<?> list = (List<?>) value;
      for (int i = 0; i < list.size(); i++) {
        action.accept("[" + i + "]", (OpSpec) list.get(i));
      }
    } else if (value instanceof Map) {
      ((Map<?, ?>) value).forEach((key, input) -> action.accept("[" + key + "]", (OpSpec) input));
    }
  }

  private static Stream<NamedOp> filter(Stream<NamedOp> ops, GraphOptions options, List<String> uuidFilters, Runner runner) {
    return ops
        .filter(matches(uuidFilters, named -> named.op().uuid()))
        .filter(matches(options.names, NamedOp::name))
        .filter(matches(options.types, named -> named.op().wireName()))
        .filter(named -> options.parameters.isEmpty() || named.op().parameters().values().stream()
            .anyMatch(value -> contains(String.valueOf(value), options.parameters)))
        .filter(matches(options.code, named -> Pseudocode.expression(named.op())))
        .filter(named -> options.states.isEmpty() || options.states.contains(runner.status(named.op()).state()));
  }

  private static Predicate<NamedOp> matches(List<String> patterns, java.util.function.Function<NamedOp, String> text) {
    return named -> patterns.isEmpty() || contains(text.apply(named), patterns);
  }

  private static boolean contains(String text, List<String> patterns) {
    String lower = text.toLowerCase(Locale.ROOT);
    return patterns.stream().anyMatch(p -> lower.contains(p.toLowerCase(Locale.ROOT)));
  }

  @Override
  public void close() {
    release(runner, loader, previousContext, scratch);
  }

  private static void release(Runner runner, URLClassLoader loader, ClassLoader previous, Path scratch) {
    if (runner != null) {
      runner.close();
    }
    Thread.currentThread().setContextClassLoader(previous);
    try {
      if (loader != null) {
        loader.close();
      }
      if (scratch != null) {
        try (Stream<Path> walk = Files.walk(scratch)) {
          for (Path path : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
            Files.deleteIfExists(path);
          }
        }
      }
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
