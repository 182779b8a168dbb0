package krnel.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import krnel.graph.Graph;
import krnel.graph.GraphJson;
import krnel.graph.OpSpec;
import krnel.runner.Inputs;
import krnel.runner.LocalStore;
import krnel.runner.OpImplementation;
import krnel.runner.Progress;
import krnel.runner.RowWise;
import krnel.runner.RowWiseEngine;
import krnel.runner.Store;
import krnel.store.ParquetResultMerger;
import krnel.store.ParquetResultReader;
import krnel.store.ParquetWriteOptions;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Computes row-wise ops on Apache Spark. The driver is the Krnel {@link krnel.runner.Runner}: it
 * plans the graph, skips what the store has, keeps ephemeral ops in memory and computes fit ops
 * itself; each op whose implementation is {@link RowWise} runs here as one Spark job of {@code
 * mapPartitions} over slices of its rows. Tasks read their slice of the inputs from the store (or
 * get it from the driver for ephemeral inputs), compute it with the same implementation the local
 * runner uses, and write a Parquet part; the driver merges the parts in row order into the file the
 * local runner would have stored, byte for byte, and the runner stores it as usual ({@code done}
 * last).
 *
 * <pre>{@code
 * try (Runner runner = Runner.open("/shared/krnel-store")
 *     .useEngine(SparkEngine.builder().master("local[2]").build())) {
 *   runner.materialize(activations);
 * }
 * }</pre>
 *
 * <p>On a cluster the store and the parts directory must be paths (or a remote store) that every
 * executor reads and writes: see docs/spark.md.
 */
public final class SparkEngine implements RowWiseEngine {
  private final SparkSession spark;
  private final boolean ownsSession;
  private final int tasks;
  private final Path partsDirectory;
  private final LongConsumer rowsShown;

  private SparkEngine(SparkSession spark, boolean ownsSession, int tasks, Path partsDirectory, LongConsumer rowsShown) {
    this.spark = spark;
    this.ownsSession = ownsSession;
    this.tasks = tasks;
    this.partsDirectory = partsDirectory;
    this.rowsShown = rowsShown;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options of a {@link SparkEngine}. */
  public static final class Builder {
    private SparkSession session;
    private String master;
    private int tasks;
    private Path partsDirectory;
    private LongConsumer rowsShown = rows -> {};

    /** An existing session (spark-submit's, a notebook's); the engine leaves it open when closed. */
    public Builder session(SparkSession session) {
      this.session = session;
      return this;
    }

    /**
     * A master ({@code local[2]}, {@code yarn}, {@code spark://host:7077}) for a session the engine
     * creates and stops when closed; ignored when a session is active or spark-submit set {@code
     * spark.master}.
     */
    public Builder master(String master) {
      this.master = master;
      return this;
    }

    /** Slices per op (Spark tasks); by default Spark's default parallelism (the cores it has). */
    public Builder tasks(int tasks) {
      if (tasks < 1) {
        throw new IllegalArgumentException("tasks must be at least 1, got " + tasks);
      }
      this.tasks = tasks;
      return this;
    }

    /**
     * Where tasks write their parts: a directory every executor and the driver share. By default
     * {@code .spark-parts} inside a directory store, the JVM's temp directory otherwise (local mode).
     */
    public Builder partsDirectory(Path directory) {
      this.partsDirectory = directory;
      return this;
    }

    /** Also tells {@code listener} each new count of rows the progress bar shows (for tests). */
    Builder onRowsShown(LongConsumer listener) {
      this.rowsShown = listener;
      return this;
    }

    /**
     * The engine; options not set here come from the session's configuration ({@code
     * spark.krnel.tasks}, {@code spark.krnel.partsDirectory}, e.g. {@code spark-submit --conf}).
     */
    public SparkEngine build() {
      boolean owns = false;
      SparkSession spark = session;
      if (spark == null) {
        boolean active = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
        SparkSession.Builder builder = SparkSession.builder().appName("krnel");
        if (master != null && !active && System.getProperty("spark.master") == null) { // spark-submit's --master wins
          builder.master(master);
        }
        spark = builder.getOrCreate();
        owns = !active;
      }
      int taskCount = tasks;
      if (taskCount == 0 && spark.conf().contains("spark.krnel.tasks")) {
        String value = spark.conf().get("spark.krnel.tasks");
        try {
          taskCount = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
          taskCount = -1;
        }
        if (taskCount < 1) {
          throw new IllegalArgumentException("spark.krnel.tasks=" + value + ": expected a number of tasks per op, 1 or more");
        }
      }
      Path parts = partsDirectory;
      if (parts == null && spark.conf().contains("spark.krnel.partsDirectory")) {
        parts = Path.of(spark.conf().get("spark.krnel.partsDirectory"));
      }
      QuietLog4j.djl(); // once the session is up: Spark may configure log4j when its first logger starts
      return new SparkEngine(spark, owns, taskCount, parts, rowsShown);
    }
  }

  public SparkSession session() {
    return spark;
  }

  /** Ops with rows to split; a row-wise op without row-aligned inputs (a template with no context) runs on the driver. */
  @Override
  public boolean accepts(OpSpec op, OpImplementation<OpSpec> implementation) {
    return implementation instanceof RowWise<?> && !rowWise(implementation).rowAlignedInputs(op).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static RowWise<OpSpec> rowWise(OpImplementation<OpSpec> implementation) {
    return (RowWise<OpSpec>) implementation;
  }

  @Override
  public Path compute(OpSpec op, OpImplementation<OpSpec> implementation, Inputs inputs, Store store) throws Exception {
    long started = System.nanoTime();
    List<OpSpec> aligned = rowWise(implementation).rowAlignedInputs(op);
    boolean executorsReadStore = !store.uri().startsWith("memory:");
    Set<String> stored = new HashSet<>();
    for (OpSpec input : aligned) {
      if (executorsReadStore && !input.isEphemeral() && store.hasResult(input.uuid())) {
        stored.add(input.uuid());
      }
    }
    long rows = rows(op, aligned, stored, inputs, store);
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int taskCount = tasks > 0 ? tasks : context.defaultParallelism();
    List<RowSlices.Slice> slices = RowSlices.of(rows, taskCount, ParquetWriteOptions.defaults().rowGroupRows());
    List<SliceWork> work = sliceWork(slices, aligned, stored, inputs);
    Map<String, ShippedInput> whole = wholeInputs(op, aligned, inputs);

    Path root = partsRoot(store);
    removeLeftovers(root, op);
    Path parts = root.resolve(op.uuid() + "-" + UUID.randomUUID());
    Broadcast<Map<String, ShippedInput>> broadcast = context.broadcast(whole);
    LongAccumulator rowsDone = context.sc().longAccumulator(op.wireName() + " rows");
    int taskCpus = Integer.parseInt(spark.conf().get("spark.task.cpus", "1"));
    int executorCores = ExecutorCores.of(context.master(),
        Optional.ofNullable(context.getConf().get("spark.executor.cores", null))).orElse(0);
    OpTask task = new OpTask(GraphJson.write(op), op.uuid(), implementation.getClass().getName(),
        executorsReadStore ? store.uri() : null, stored, broadcast, parts.toString(), taskCpus, executorCores, rowsDone);
    lastPreparation = System.nanoTime() - started;
    try {
      List<PartWritten> written = run(op, context, work, task, rows, inputs);
      return merge(op, slices, written, root);
    } finally {
      broadcast.destroy();
      deleteRecursively(parts);
    }
  }

  private List<PartWritten> run(OpSpec op, JavaSparkContext context, List<SliceWork> work, OpTask task, long rows,
      Inputs inputs) {
    context.setJobGroup("krnel-" + op.uuid(), op.wireName() + " " + op.uuid(), true);
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "krnel-spark-progress");
      thread.setDaemon(true);
      return thread;
    });
    try (Progress progress = inputs.progress("rows on Spark", rows)) {
      long[] shown = {0};
      Runnable update = () -> {
        long done = Math.min(rows, task.rowsDone().value()); // a retried task may count twice
        synchronized (shown) {
          if (done > shown[0]) {
            progress.step(done - shown[0]);
            shown[0] = done;
            rowsShown.accept(done);
          }
        }
      };
      poller.scheduleAtFixedRate(update, 500, 500, TimeUnit.MILLISECONDS);
      List<PartWritten> written = context.parallelize(work, work.size()).mapPartitions(new ComputeSlices(task)).collect();
      poller.shutdownNow();
      update.run();
      return written;
    } catch (Exception e) { // Scala's collect throws SparkException without declaring it
      if (e instanceof SparkException spark) {
        throw unwrap(op, spark);
      }
      if (e.getCause() instanceof SparkException spark) {
        throw unwrap(op, spark);
      }
      throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getMessage(), e);
    } finally {
      poller.shutdownNow();
      context.clearJobGroup();
    }
  }

  /** The task's own exception when Spark kept it (the implementation's one-line message), else Spark's first line. */
  private static RuntimeException unwrap(OpSpec op, SparkException e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (!(cause instanceof SparkException) && cause instanceof RuntimeException runtime) {
        return runtime;
      }
      if (!(cause instanceof SparkException)) {
        return new IllegalStateException(cause.getMessage(), cause);
      }
    }
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return new IllegalStateException("Spark failed computing " + op.wireName() + ": "
        + (newline < 0 ? message : message.substring(0, newline)), e);
  }

  /** The rows every row-aligned input has; they must agree. */
  private static long rows(OpSpec op, List<OpSpec> aligned, Set<String> stored, Inputs inputs, Store store) throws IOException {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (OpSpec input : aligned) {
      long count = stored.contains(input.uuid()) && store instanceof LocalStore local
          ? storedRows(local, input)
          : rowsOnDriver(inputs, input);
      counts.put(inputs.describe(input), count);
    }
    if (counts.values().stream().distinct().count() > 1) {
      throw new IllegalArgumentException(op.wireName() + ": its row-aligned inputs have different row counts "
          + counts + "; give it columns of one dataset");
    }
    return counts.values().iterator().next();
  }

  private static long rowsOnDriver(Inputs inputs, OpSpec input) {
    return inputs.table(input).getRowCount(); // the runner closes the view
  }

  private static long storedRows(LocalStore store, OpSpec input) throws IOException {
    String[] parts = Store.split(input.uuid());
    Path file = store.root().resolve(parts[0]).resolve(parts[1]).resolve("result.parquet");
    try (BufferAllocator allocator = new RootAllocator();
        ParquetResultReader reader = ParquetResultReader.open(file, allocator)) {
      return reader.rowCount();
    }
  }

  /** Each slice, with the rows of the row-aligned inputs executors cannot read from the store. */
  private static List<SliceWork> sliceWork(List<RowSlices.Slice> slices, List<OpSpec> aligned, Set<String> stored,
      Inputs inputs) {
    List<SliceWork> work = new ArrayList<>();
    for (RowSlices.Slice slice : slices) {
      Map<String, byte[]> shipped = new HashMap<>();
      for (OpSpec input : aligned) {
        if (!stored.contains(input.uuid())) {
          shipped.put(input.uuid(), ArrowBytes.write(inputs.table(input), slice.from(), slice.to()));
        }
      }
      work.add(new SliceWork(slice, shipped));
    }
    return work;
  }

  /** The inputs every slice reads whole (a model), from the driver. */
  private static Map<String, ShippedInput> wholeInputs(OpSpec op, List<OpSpec> aligned, Inputs inputs) {
    Set<String> alignedUuids = new HashSet<>();
    aligned.forEach(input -> alignedUuids.add(input.uuid()));
    Map<String, ShippedInput> whole = new HashMap<>();
    for (OpSpec input : Graph.inputs(op)) {
      if (alignedUuids.contains(input.uuid()) || whole.containsKey(input.uuid())) {
        continue;
      }
      whole.put(input.uuid(), ship(inputs, input));
    }
    return whole;
  }

  /** A JSON result (a model) or a table; the runner tells which only by refusing the other. */
  private static ShippedInput ship(Inputs inputs, OpSpec input) {
    try {
      return ShippedInput.json(inputs.json(input).toString());
    } catch (IllegalStateException tableResult) {
      return ShippedInput.table(ArrowBytes.write(inputs.table(input)));
    }
  }

  /** Merges the successful attempts' parts, one per slice, into one file beside them. */
  private static Path merge(OpSpec op, List<RowSlices.Slice> slices, List<PartWritten> written, Path root) throws IOException {
    Map<Integer, Path> byIndex = new HashMap<>();
    for (PartWritten part : written) {
      byIndex.putIfAbsent(part.index(), Path.of(part.path()));
    }
    List<Path> ordered = new ArrayList<>();
    for (RowSlices.Slice slice : slices) {
      Path part = byIndex.get(slice.index());
      if (part == null) {
        throw new IllegalStateException(op.wireName() + ": Spark reported no part for rows " + slice.from() + " to " + slice.to());
      }
      ordered.add(part);
    }
    Path merged = root.resolve(op.uuid() + "-" + UUID.randomUUID() + ".parquet");
    long started = System.nanoTime();
    try (BufferAllocator allocator = new RootAllocator()) {
      ParquetResultMerger.Merged result = ParquetResultMerger.merge(ordered, merged, allocator);
      lastMerge = new MergeTiming(result, System.nanoTime() - started);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(merged);
      throw e;
    }
    return merged;
  }

  /** How the last merge on this JVM went, for the benchmark. */
  record MergeTiming(ParquetResultMerger.Merged merged, long nanos) {}

  static volatile MergeTiming lastMerge;

  /** How long the last op took on the driver before its Spark job (inputs sliced and shipped), for the benchmark. */
  static volatile long lastPreparation;

  private Path partsRoot(Store store) throws IOException {
    Path root = partsDirectory != null ? partsDirectory
        : store instanceof LocalStore local ? local.root().resolve(".spark-parts")
        : Path.of(System.getProperty("java.io.tmpdir"), "krnel-spark-parts");
    Files.createDirectories(root);
    return root;
  }

  /**
   * The runner holds the op's lock while an engine computes it, so parts or merged files of this op
   * already there were left by a driver that was killed: removed, never read.
   */
  private static void removeLeftovers(Path root, OpSpec op) throws IOException {
    try (Stream<Path> entries = Files.list(root)) {
      for (Path leftover : entries.filter(p -> p.getFileName().toString().startsWith(op.uuid() + "-")).toList()) {
        deleteRecursively(leftover);
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove the parts in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Stops the session if the engine created it. */
  @Override
  public void close() {
    if (ownsSession) {
      spark.stop();
    }
  }
}
