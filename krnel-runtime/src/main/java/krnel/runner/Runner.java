package krnel.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Module;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import krnel.graph.Graph;
import krnel.graph.OpSpec;
import krnel.ops.ImmutableLoadInlineJsonDatasetOp;
import krnel.ops.ImmutableLoadLocalParquetDatasetOp;
import krnel.ops.LoadInlineJsonDatasetOp;
import krnel.ops.LoadLocalParquetDatasetOp;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Runs graphs: plans which ops a request needs (inputs first, skipping what the store already
 * has), computes each with its implementation, and stores the results. Ephemeral ops are kept in
 * memory only. Two runners on one store never compute the same op at once (the store's lock).
 *
 * <pre>{@code
 * Runner runner = Runner.local();                       // KRNEL_STORE_URI, the config file, or a temp dir
 * Dataset train = runner.fromParquet(Path.of("train.parquet"));
 * ...
 * JsonNode report = runner.toJson(evaluation);          // or evaluation.toJson(): ops remember their runner
 * }</pre>
 */
public final class Runner implements AutoCloseable {
  private static final long CACHE_BYTES = 512L << 20;
  private static final Map<OpSpec, Runner> ATTACHED = Collections.synchronizedMap(new WeakHashMap<>());
  private static Runner local;

  private final Store store;
  private final Implementations implementations;
  private final BufferAllocator allocator;
  private final ResultCache cache = new ResultCache(CACHE_BYTES);
  private volatile RowWiseEngine engine;

  private Runner(Store store, Implementations implementations, BufferAllocator allocator) {
    this.store = store;
    this.implementations = implementations;
    this.allocator = allocator;
  }

  /** The process-wide runner on the configured store (see {@link RunnerConfig}). */
  public static synchronized Runner local() {
    if (local == null) {
      local = open(RunnerConfig.resolve().storeUri());
    }
    return local;
  }

  /**
   * A runner on {@code storeUri}: a directory (or {@code file:} URI), or {@code memory:<name>} for a
   * store in this process's memory, or a URI whose scheme a {@link StoreProvider} on the classpath
   * accepts ({@code s3://} with krnel-s3). {@code modules} add implementations beyond those found on the
   * classpath.
   */
  public static Runner open(String storeUri, Module... modules) {
    SetupChecks.requireArrowAccess();
    QuietLibraries.arrow();
    Store store = Stores.open(storeUri);
    BufferAllocator allocator = new RootAllocator();
    return new Runner(store, Implementations.load(modules), allocator);
  }

  /** A runner on a fresh in-memory store, for tests. */
  public static Runner memory(Module... modules) {
    return open("memory:" + java.util.UUID.randomUUID(), modules);
  }

  public Store store() {
    return store;
  }

  /**
   * Computes the row-wise ops it accepts with {@code engine} from now on (e.g. krnel-spark's
   * {@code SparkEngine}); {@code null} computes everything here again. The runner closes the engine
   * when it is closed or replaced.
   */
  public Runner useEngine(RowWiseEngine engine) {
    RowWiseEngine previous = this.engine;
    this.engine = engine;
    if (previous != null && previous != engine) {
      previous.close();
    }
    return this;
  }

  /** The engine set with {@link #useEngine}, if any. */
  public Optional<RowWiseEngine> engine() {
    return Optional.ofNullable(engine);
  }

  // ---------------------------------------------------------------- sources

  /** A dataset from a Parquet file, identified by the file's sha256. */
  public LoadLocalParquetDatasetOp fromParquet(Path file) {
    return fromParquet(file, null);
  }

  /**
   * A dataset from a Parquet file. With {@code sha256}, the file's content is checked against it;
   * a file that no longer exists may be named by its sha256 alone when the store already holds
   * its copy.
   */
  public LoadLocalParquetDatasetOp fromParquet(Path file, String sha256) {
    String hash;
    if (Files.exists(file)) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("'" + file + "' is not a regular file (a directory or a device);"
            + " fromParquet reads a Parquet file");
      }
      try {
        hash = FileHashes.sha256(file);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
      }
      if (sha256 != null && !sha256.equalsIgnoreCase(hash)) {
        String got;
        try {
          krnel.store.ParquetResults.checkFooter(file);
          got = hash;
        } catch (IOException e) {
          got = "a file that is not a Parquet dataset (its hash is not shown)"; // no hash oracle for other files
        }
        throw new IllegalArgumentException("Checksum mismatch for '" + file + "': expected " + sha256 + ", got " + got);
      }
    } else if (sha256 == null) {
      throw new IllegalArgumentException("Path '" + file + "' does not exist and no sha256sum provided to verify contents.");
    } else {
      hash = sha256.toLowerCase(java.util.Locale.ROOT);
    }
    return attach(ImmutableLoadLocalParquetDatasetOp.builder().contentHash(hash).filePath(file.toString()).build());
  }

  /** A small dataset written into the graph itself, by columns. */
  public LoadInlineJsonDatasetOp fromInlineDataset(Map<String, ? extends List<?>> columns) {
    return attach(ImmutableLoadInlineJsonDatasetOp.builder().data(columns).build());
  }

  private <T extends OpSpec> T attach(T op) {
    ATTACHED.put(op, this);
    return op;
  }

  /**
   * The runner an op was built from: its own, or the one runner among its dependencies. Ops built
   * from no runner have none: use {@code runner.toJson(op)} then.
   */
  public static Runner of(OpSpec op) {
    Runner own = ATTACHED.get(op);
    if (own != null) {
      return own;
    }
    Set<Runner> found = new LinkedHashSet<>();
    for (OpSpec dependency : Graph.dependencies(List.of(op), true)) {
      Runner runner = ATTACHED.get(dependency);
      if (runner != null) {
        found.add(runner);
      }
    }
    if (found.size() == 1) {
      return found.iterator().next();
    }
    throw new IllegalStateException(found.isEmpty()
        ? op.wireName() + " " + op.uuid() + " was not built from a runner: start the graph with runner.fromParquet(...)"
            + " or runner.fromInlineDataset(...), or pass the runner explicitly (runner.toJson(op))"
        : op.wireName() + " " + op.uuid() + " mixes ops of " + found.size() + " runners; pass the runner explicitly");
  }

  // ---------------------------------------------------------------- running

  /** Computes every op of {@code ops} that has no result yet, inputs first. */
  public void materialize(OpSpec... ops) {
    materialize(List.of(ops));
  }

  public void materialize(List<? extends OpSpec> ops) {
    List<OpSpec> plan = plan(ops);
    if (plan.stream().anyMatch(op -> !op.isEphemeral())) {
      checkStoreWritable(); // one clear error up front, not one per op
    }
    for (OpSpec op : plan) {
      if (Thread.currentThread().isInterrupted()) { // the stop button between two ops: the rest stays uncomputed
        throw new CancellationException("interrupted before " + describe(op) + "; run it again to compute it");
      }
      compute(op, false);
    }
  }

  /** The ops that must be computed for {@code targets}, inputs first; ops with results are skipped with their inputs. */
  public List<OpSpec> plan(List<? extends OpSpec> targets) {
    List<OpSpec> all = Graph.allOps(targets);
    Set<String> needed = new HashSet<>();
    for (OpSpec target : targets) {
      if (!available(target)) {
        needed.add(target.uuid());
      }
    }
    // Roots first: an op is needed if a needed op reads it and it has no result.
    for (int i = all.size() - 1; i >= 0; i--) {
      OpSpec op = all.get(i);
      if (needed.contains(op.uuid())) {
        Graph.forEachInput(op, input -> {
          if (!needed.contains(input.uuid()) && !available(input)) {
            needed.add(input.uuid());
          }
        });
      }
    }
    List<OpSpec> plan = new ArrayList<>();
    for (OpSpec op : all) {
      if (needed.contains(op.uuid())) {
        plan.add(op);
      }
    }
    return plan;
  }

  private boolean available(OpSpec op) {
    if (cache.get(op.uuid()) != null) {
      return true;
    }
    return !op.isEphemeral() && storeHasResult(op);
  }

  private boolean storeHasResult(OpSpec op) {
    try {
      return store.hasResult(op.uuid());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Computes and stores {@code op}; unless {@code replace}, not if a result appeared meanwhile.
   *
   * <p>The running status names this process and is refreshed while it computes ({@link Heartbeat}),
   * and it already holds the implementation version and provenance of the result that a {@code done}
   * beside it marks: a process killed after {@code done} but before the completed status leaves a
   * status that {@link #status} repairs without losing them. When replacing, it describes the old
   * result until the new one is in.
   */
  @SuppressWarnings("try") // the lock is held for the block's duration, not used in it
  private void compute(OpSpec op, boolean replace) {
    OpImplementation<OpSpec> implementation = implementations.find(op);
    if (op.isEphemeral()) {
      try {
        cache.put(op.uuid(), run(op, implementation));
        if (store.readStatus(op.uuid()).isEmpty()) {
          store.writeStatus(OpStatus.of(op, OpState.EPHEMERAL));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return;
    }
    try (Store.Lock lock = store.lock(op)) {
      boolean stored = store.hasResult(op.uuid());
      if (!replace && stored) {
        repairLocked(op); // another runner computed it while we waited, or died before its completed status
        return;
      }
      String version = Implementations.versionOf(implementation);
      OpStatus old = stored ? store.readStatus(op.uuid()).orElse(null) : null;
      boolean describesOld = old != null && (old.state() == OpState.COMPLETED || old.state() == OpState.RUNNING);
      OpStatus running = OpStatus.of(op, OpState.RUNNING).running(Instant.now(),
          describesOld ? old.implementationVersion() : version, describesOld ? old.provenance() : Map.of(),
          ThisProcess.PID, ThisProcess.HOST);
      Heartbeat heartbeat = new Heartbeat(store, running);
      Result result = null;
      Map<String, String> provenance;
      try {
        provenance = call(op, () -> implementation.provenance(op));
        if (!describesOld && !provenance.isEmpty()) {
          heartbeat.update(heartbeat.status().describing(version, provenance));
        }
        RowWiseEngine rowWise = engineFor(op, implementation);
        if (rowWise != null) {
          storeFromEngine(op, implementation, rowWise); // read back from the store when needed, like a streamed result
        } else {
          result = run(op, implementation);
          try {
            store.writeResult(op, result);
          } catch (IOException e) { // a full disk, a lost mount: the op failed, and says where
            throw cannotStore(op, e);
          }
        }
      } catch (RuntimeException | Error e) {
        // an interrupt ends here as the op's failure: cleared, so that the status below is written (an interrupted
        // thread's file channels refuse to), and reported by the exception thrown instead
        boolean interrupted = Thread.interrupted() | OpFailedException.isInterruption(e);
        heartbeat.close();
        if (result != null) {
          result.close(); // its Arrow memory, or it leaks
        }
        try {
          store.writeStatus(running.failed(Instant.now(), interrupted ? OpFailedException.INTERRUPTED
              : OpFailedException.describe(e instanceof OpFailedException && e.getCause() != null ? e.getCause() : e)));
        } catch (IOException | RuntimeException statusFailure) {
          e.addSuppressed(statusFailure);
        }
        throw e;
      }
      heartbeat.close();
      if (result instanceof Result.Batches) {
        result.close(); // a streamed result is read back from the store when needed
      } else if (result != null) {
        cache.put(op.uuid(), result);
      }
      store.writeStatus(running.completed(Instant.now(), version, provenance));
    } catch (IOException e) {
      throw new UncheckedIOException("Store " + store.uri() + " failed for " + op.uuid() + ": " + e.getMessage(), e);
    }
  }

  /** With the op's lock held: a running status beside {@code done} was left by a dead runner; completes it. */
  private OpStatus repairLocked(OpSpec op) throws IOException {
    Optional<OpStatus> stored = store.readStatus(op.uuid());
    if (stored.isPresent() && stored.get().state() == OpState.RUNNING && store.hasResult(op.uuid())) {
      OpStatus repaired = stored.get().repaired();
      store.writeStatus(repaired);
      return repaired;
    }
    return stored.orElse(null);
  }

  private RowWiseEngine engineFor(OpSpec op, OpImplementation<OpSpec> implementation) {
    RowWiseEngine current = engine;
    return current != null && implementation instanceof RowWise && current.accepts(op, implementation) ? current : null;
  }

  /** The engine computes {@code op} into a Parquet file, which the store then keeps (done written last). */
  private void storeFromEngine(OpSpec op, OpImplementation<OpSpec> implementation, RowWiseEngine rowWise) {
    Path file = call(op, () -> {
      try (RunInputs inputs = new RunInputs(op)) {
        return rowWise.compute(op, implementation, inputs, store);
      }
    });
    try {
      store.writeResultFile(op, file);
    } catch (IOException e) {
      throw cannotStore(op, e);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // the engine's temporary part file; the store's copy is what counts
      }
    }
  }

  /** A full disk, a lost mount: the op failed, and says where. */
  private OpFailedException cannotStore(OpSpec op, IOException e) {
    return new OpFailedException(op, new IOException("cannot store the result in " + store.uri() + ": "
        + OpFailedException.describe(e), e));
  }

  private Result run(OpSpec op, OpImplementation<OpSpec> implementation) {
    return call(op, () -> {
      try (RunInputs inputs = new RunInputs(op)) {
        return implementation.compute(op, inputs);
      }
    });
  }

  /** {@code work}'s value; its failures become {@link OpFailedException}s naming {@code op}. */
  private static <V> V call(OpSpec op, Callable<V> work) {
    try {
      return work.call();
    } catch (RuntimeException e) {
      throw e instanceof OpFailedException ? e : new OpFailedException(op, e);
    } catch (Exception e) {
      throw new OpFailedException(op, e);
    }
  }

  /** The inputs of one computation: shared views of cached results, released when it ends. */
  private final class RunInputs implements Inputs, AutoCloseable {
    private final OpSpec op;
    private final List<VectorSchemaRoot> views = new ArrayList<>();

    RunInputs(OpSpec op) {
      this.op = op;
    }

    @Override
    public VectorSchemaRoot table(OpSpec input) {
      Result result = cached(input);
      if (!(result instanceof Result.Table)) {
        throw new IllegalStateException(op.wireName() + " reads " + input.wireName() + " as a table, but its result is JSON");
      }
      VectorSchemaRoot view = ((Result.Table) result).view();
      views.add(view);
      return view;
    }

    @Override
    public JsonNode json(OpSpec input) {
      Result result = cached(input);
      if (!(result instanceof Result.Json)) {
        throw new IllegalStateException(op.wireName() + " reads " + input.wireName() + " as JSON, but its result is a table");
      }
      return ((Result.Json) result).document();
    }

    @Override
    public BufferAllocator allocator() {
      return allocator;
    }

    /** {@code KeywordCountOp.text}, {@code CombineOp.inputs[1]}: the fields of the computed op that hold {@code input}. */
    @Override
    public String describe(OpSpec input) {
      List<String> fields = new ArrayList<>();
      op.forEachField((field, value) -> {
        if (value instanceof OpSpec && ((OpSpec) value).uuid().equals(input.uuid())) {
          fields.add(field.name());
        } else if (value instanceof List) {
          List<?> list = (List<?>) value;
          for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof OpSpec && ((OpSpec) list.get(i)).uuid().equals(input.uuid())) {
              fields.add(field.name() + "[" + i + "]");
            }
          }
        } else if (value instanceof Map) {
          ((Map<?, ?>) value).forEach((key, element) -> {
            if (element instanceof OpSpec && ((OpSpec) element).uuid().equals(input.uuid())) {
              fields.add(field.name() + "[\"" + key + "\"]");
            }
          });
        }
      });
      return fields.isEmpty() ? op.wireName() + " input " + input.wireName()
          : op.wireName() + "." + String.join("/", fields);
    }

    @Override
    public Progress progress(String task, long total) {
      return new Progress(op.wireName() + ": " + task, total, System.err, System.console() != null);
    }

    @Override
    public void close() {
      for (VectorSchemaRoot view : views) {
        view.close();
      }
    }
  }

  /** The result of {@code op}, from memory, the store, or computed now. */
  private Result cached(OpSpec op) {
    Result result = cache.get(op.uuid());
    if (result != null) {
      return result;
    }
    if (!available(op)) {
      materialize(op);
      result = cache.get(op.uuid());
      if (result != null) {
        return result;
      }
    }
    try {
      result = store.readResult(op, allocator);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the result of " + op.uuid() + " from " + store.uri() + ": " + e.getMessage(), e);
    }
    cache.put(op.uuid(), result);
    return result;
  }

  // ---------------------------------------------------------------- status

  /** Whether {@code op}'s result is available without computing: stored, or for an ephemeral op, its inputs'. */
  public boolean hasResult(OpSpec op) {
    if (cache.get(op.uuid()) != null) {
      return true;
    }
    if (!op.isEphemeral()) {
      return storeHasResult(op);
    }
    for (OpSpec input : Graph.inputs(op)) {
      if (!hasResult(input)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The op's status: stored, or what it would be. A status left {@code running} beside a complete
   * result by a runner that died (its lock is free, or its heartbeat stale) reads as completed, with
   * the implementation version and provenance it recorded; where the lock can be taken, the stored
   * status is repaired too (best effort: nothing else is written).
   */
  public OpStatus status(OpSpec op) {
    try {
      Optional<OpStatus> stored = store.readStatus(op.uuid());
      if (stored.isPresent()) {
        OpStatus status = stored.get();
        if (status.state() != OpState.RUNNING || op.isEphemeral() || !store.hasResult(op.uuid())) {
          return status;
        }
        Optional<Store.Lock> free = store.tryLock(op);
        if (free.isPresent()) {
          try (Store.Lock lock = free.get()) {
            return repairLocked(op);
          } catch (IOException e) {
            return status.repaired(); // a read-only store: the repair shows, but cannot be written
          }
        }
        return Heartbeat.isStale(status, Instant.now()) ? status.repaired() : status;
      }
      if (op.isEphemeral()) {
        return OpStatus.of(op, OpState.EPHEMERAL);
      }
      return OpStatus.of(op, store.hasResult(op.uuid()) ? OpState.COMPLETED : OpState.NEW);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * For an op whose status says running, the process that was computing it ({@code pid 4242 on host
   * gpu-3}) if that process is gone: the op's lock is free, or its heartbeat is older than a minute.
   * Empty if the op is not running, or its runner is alive (or this store cannot tell yet).
   */
  public Optional<String> deadRunner(OpSpec op) {
    OpStatus status = status(op);
    if (status.state() != OpState.RUNNING) {
      return Optional.empty();
    }
    try {
      Optional<Store.Lock> free = store.tryLock(op);
      if (free.isPresent()) {
        free.get().close();
        return Optional.of(status.runnerDescription());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Heartbeat.isStale(status, Instant.now())
        ? Optional.of(status.runnerDescription() + ", no heartbeat since " + status.heartbeat()) : Optional.empty();
  }

  /**
   * Fails with an {@link IllegalStateException} (one line naming the store and the fix) if results
   * cannot be stored in this runner's store, as a read-only directory: {@link #materialize} checks
   * it before it computes anything; commands that will compute check it up front.
   */
  public void checkStoreWritable() {
    try {
      store.checkWritable();
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * Why the stored result of {@code op} is stale (made by another implementation version than the
   * current one, or from external inputs whose {@linkplain OpImplementation#provenance provenance}
   * changed, e.g. a model file), or empty if it is not.
   */
  public Optional<String> staleness(OpSpec op) {
    OpStatus status = status(op);
    if (status.state() != OpState.COMPLETED || status.implementationVersion() == null) {
      return Optional.empty();
    }
    OpImplementation<OpSpec> implementation = implementations.find(op);
    String current = Implementations.versionOf(implementation);
    if (!current.equals(status.implementationVersion())) {
      return Optional.of("computed by " + status.implementationVersion() + ", now " + current);
    }
    Map<String, String> now;
    try {
      now = call(op, () -> implementation.provenance(op));
    } catch (OpFailedException e) {
      return Optional.of("its inputs cannot be checked: " + e.getMessage());
    }
    List<String> changes = new ArrayList<>();
    Set<String> keys = new TreeSet<>(status.provenance().keySet());
    keys.addAll(now.keySet());
    for (String key : keys) {
      String then = status.provenance().get(key);
      if (!Objects.equals(then, now.get(key))) {
        changes.add(key + " was " + (then == null ? "not recorded" : then) + ", now " + now.getOrDefault(key, "none"));
      }
    }
    return changes.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", changes));
  }

  /** Computes {@code op} again even though a result is stored (e.g. a stale one), replacing it. */
  public void recompute(OpSpec op) {
    materialize(Graph.inputs(op));
    checkStoreWritable();
    cache.remove(op.uuid());
    compute(op, true);
  }

  /** The op stored under {@code uuid}, rebuilt from its status, attached to this runner. */
  public Optional<OpSpec> findOp(String uuid) {
    try {
      return store.readStatus(uuid).map(status -> attach(status.op()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- results

  /** The op's result as an Arrow table that the caller closes (it shares buffers with the runner's copy). */
  public VectorSchemaRoot toArrow(OpSpec op) {
    Result result = cached(op);
    if (!(result instanceof Result.Table)) {
      throw new IllegalStateException("Result type doesn't match expected type for toArrow(): " + op.uuid() + " has a JSON result");
    }
    return ((Result.Table) result).view();
  }

  public JsonNode toJson(OpSpec op) {
    Result result = cached(op);
    if (!(result instanceof Result.Json)) {
      throw new IllegalStateException("Result type doesn't match expected type for toJson(): " + op.uuid() + " has a table result");
    }
    return ((Result.Json) result).document();
  }

  public float[][] toFloatMatrix(OpSpec op) {
    try (VectorSchemaRoot table = toArrow(op)) {
      return Columns.vectors(Columns.single(table, describe(op)), describe(op));
    }
  }

  public double[] toDoubleArray(OpSpec op) {
    try (VectorSchemaRoot table = toArrow(op)) {
      return Columns.doubles(Columns.single(table, describe(op)), describe(op));
    }
  }

  public boolean[] toBooleanArray(OpSpec op) {
    try (VectorSchemaRoot table = toArrow(op)) {
      return Columns.booleans(Columns.single(table, describe(op)), describe(op));
    }
  }

  public List<String> toStrings(OpSpec op) {
    try (VectorSchemaRoot table = toArrow(op)) {
      return Columns.strings(Columns.single(table, describe(op)), describe(op));
    }
  }

  /**
   * Hands the op's table result to {@code sink} batch by batch, computing it first if needed: for
   * results too large for one Arrow vector (more than 2^31 floats) or for memory.
   */
  public void forEachBatch(OpSpec op, Result.BatchSink sink) {
    materialize(op);
    try {
      Result inMemory = cache.get(op.uuid());
      if (inMemory instanceof Result.Table) {
        try (VectorSchemaRoot view = ((Result.Table) inMemory).view()) {
          sink.accept(view);
        }
      } else if (store instanceof LocalStore) {
        ((LocalStore) store).forEachBatch(op, allocator, sink);
      } else {
        try (VectorSchemaRoot table = toArrow(op)) {
          sink.accept(table);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stream the result of " + op.uuid() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes the results of {@code columns}, one row set, to {@code file} under the map's names, in the map's
   * order: {@code *.parquet} (vectors as fixed-size lists of float32) or {@code *.csv} (vectors as JSON arrays).
   * Computes what the store lacks first; each column is read into memory.
   */
  public void export(Path file, Map<String, ? extends OpSpec> columns) {
    TableExport.export(this, file, columns);
  }

  private static String describe(OpSpec op) {
    return op.wireName() + " " + op.uuid();
  }

  @Override
  public void close() {
    useEngine(null);
    cache.close();
    store.close();
    allocator.close();
  }
}
