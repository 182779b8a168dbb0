package krnel.samples.bench;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import krnel.runner.KrnelModule;
import krnel.runner.LocalStore;
import krnel.runner.Result;
import krnel.runner.Runner;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes and reads back 100,000 × 768 float32 activations through the store (Parquet: floats
 * BYTE_STREAM_SPLIT at zstd level 1; fsync, atomic rename, {@code done} marker), against same-run
 * baselines: the same bytes written and read with a plain {@code FileChannel}, and written then
 * forced to disk, as the store does. Then the overhead of asking for an op that is already stored
 * (a cache hit), and of reading a result held in memory. Each row also gives MB per CPU-second of
 * the whole process, which says what a step costs when other processes share the cores.
 *
 * <p>Run: {@code mvn -q -B -DskipTests -P store-benchmark package}. The read follows the write, so
 * the file is in the page cache: the figures are the format's cost, not the disk's. Two rounds of
 * write and read run first and are not counted: the first runs are the JIT compiling the codec
 * (they came out at half the speed of the later ones). Each figure is the best of the counted
 * runs, with their median beside it, since the goal is for a typical run, not the luckiest.
 */
public final class StoreBenchmark {
  private StoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int dimensions = 768;
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int warmUps = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "krnel-store-bench");
    RandomVectorsOp op = ImmutableRandomVectorsOp.builder().rows(rows).dimensions(dimensions).build();
    double megabytes = (double) rows * dimensions * Float.BYTES / 1e6;

    try (BufferAllocator allocator = new RootAllocator(); VectorSchemaRoot table = RandomVectorsImplementation.vectors(op, allocator)) {
      LocalStore store = new LocalStore(dir.resolve("store"), dir.resolve("store").toString());
      double[] write = new double[repeats];
      double[] read = new double[repeats];
      double[] writeCpu = new double[repeats];
      double[] readCpu = new double[repeats];
      for (int i = 0; i < warmUps; i++) {
        try (Result result = Result.table(table.slice(0, table.getRowCount()))) {
          store.writeResult(op, result);
        }
        store.readResult(op, allocator).close();
      }
      for (int i = 0; i < repeats; i++) {
        try (Result result = Result.table(table.slice(0, table.getRowCount()))) {
          long cpu = cpuNanos();
          long start = System.nanoTime();
          store.writeResult(op, result);
          write[i] = seconds(start);
          writeCpu[i] = (cpuNanos() - cpu) / 1e9;
        }
        long cpu = cpuNanos();
        long start = System.nanoTime();
        try (Result result = store.readResult(op, allocator)) {
          read[i] = seconds(start);
        }
        readCpu[i] = (cpuNanos() - cpu) / 1e9;
      }
      byte[] raw = new byte[(int) Math.min(Integer.MAX_VALUE - 8, (long) rows * dimensions * Float.BYTES)];
      new java.util.Random(1).nextBytes(raw);
      double[] rawWrite = new double[repeats];
      double[] rawSynced = new double[repeats];
      double[] rawRead = new double[repeats];
      double[] rawWriteCpu = new double[repeats];
      double[] rawSyncedCpu = new double[repeats];
      double[] rawReadCpu = new double[repeats];
      ByteBuffer readBuffer = ByteBuffer.allocateDirect(raw.length);
      for (int i = 0; i < repeats; i++) {
        Path file = dir.resolve("raw-" + i + ".bin"); // a new file each time, as the store writes
        long cpu = cpuNanos();
        long start = System.nanoTime();
        writeRaw(file, raw, false);
        rawWrite[i] = seconds(start);
        rawWriteCpu[i] = (cpuNanos() - cpu) / 1e9;
        Path synced = dir.resolve("raw-synced-" + i + ".bin");
        cpu = cpuNanos();
        start = System.nanoTime();
        writeRaw(synced, raw, true);
        rawSynced[i] = seconds(start);
        rawSyncedCpu[i] = (cpuNanos() - cpu) / 1e9;
        cpu = cpuNanos();
        start = System.nanoTime();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
          ByteBuffer buffer = readBuffer.clear();
          while (buffer.hasRemaining() && in.read(buffer) >= 0) {
            // read it all
          }
        }
        rawRead[i] = seconds(start);
        rawReadCpu[i] = (cpuNanos() - cpu) / 1e9;
        Files.delete(file);
        Files.delete(synced);
      }
      System.out.printf(Locale.ROOT, "%d x %d float32 = %.0f MB, best of %d after %d uncounted warm-up rounds, %s %s,"
          + " load average %s%n", rows, dimensions, megabytes, repeats, warmUps, System.getProperty("java.vm.name"),
          System.getProperty("java.version"), loadAverage());
      System.out.printf(Locale.ROOT, "%-34s %10s %12s %16s%n", "direction", "MB/s", "vs raw file", "MB per CPU-s");
      row("store write (Parquet, fsync'd)", megabytes / min(write), megabytes / min(rawWrite), megabytes / min(writeCpu));
      row("store read", megabytes / min(read), megabytes / min(rawRead), megabytes / min(readCpu));
      row("raw FileChannel write", megabytes / min(rawWrite), megabytes / min(rawWrite), megabytes / min(rawWriteCpu));
      row("raw FileChannel write + fsync", megabytes / min(rawSynced), megabytes / min(rawWrite), megabytes / min(rawSyncedCpu));
      row("raw FileChannel read", megabytes / min(rawRead), megabytes / min(rawRead), megabytes / min(rawReadCpu));
      System.out.printf(Locale.ROOT, "store write vs raw write + fsync: %.2fx; runs (MB/s) write %s read %s%n",
          min(rawSynced) / min(write), runs(megabytes, write), runs(megabytes, read));
      System.out.printf(Locale.ROOT, "median of the runs (MB/s): store write %.0f, store read %.0f, raw write + fsync %.0f,"
          + " raw read %.0f%n", megabytes / median(write), megabytes / median(read), megabytes / median(rawSynced),
          megabytes / median(rawRead));
      String hash = op.uuid().substring(op.uuid().indexOf('_') + 1);
      double stored = Files.size(dir.resolve("store").resolve("RandomVectorsOp").resolve(hash).resolve("result.parquet")) / 1e6;
      System.out.printf(Locale.ROOT, "stored file: %.0f MB (compression ratio %.2f)%n", stored, megabytes / stored);
    }

    RandomVectorsOp small = ImmutableRandomVectorsOp.builder().rows(100).dimensions(8).build();
    KrnelModule module = new KrnelModule() {
      @Override
      protected void configure() {
        implement(RandomVectorsImplementation.class);
      }
    };
    try (Runner runner = Runner.open(dir.resolve("runner-store").toString(), module)) {
      runner.materialize(small);
      runner.toFloatMatrix(small);
      double hit = micros(20_000, () -> runner.materialize(small));
      double cached = micros(20_000, () -> runner.toFloatMatrix(small));
      System.out.printf(Locale.ROOT, "cache hit, materialize(op) of a stored op: %.2f µs%n", hit);
      System.out.printf(Locale.ROOT, "cache hit, toFloatMatrix of a 100 x 8 result in memory: %.2f µs%n", cached);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private static void row(String name, double mbPerSecond, double baseline, double perCpuSecond) {
    System.out.printf(Locale.ROOT, "%-34s %10.0f %11.2fx %16.0f%n", name, mbPerSecond, mbPerSecond / baseline, perCpuSecond);
  }

  private static void writeRaw(Path file, byte[] raw, boolean force) throws java.io.IOException {
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(raw);
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
      if (force) {
        out.force(true);
      }
    }
  }

  /** CPU time of the whole process (every thread: the codec's pool included). */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException | RuntimeException e) {
      return String.format(Locale.ROOT, "%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static String runs(double megabytes, double[] seconds) {
    return Arrays.toString(Arrays.stream(seconds).mapToLong(t -> Math.round(megabytes / t)).toArray());
  }

  private static double micros(int calls, Runnable work) {
    for (int i = 0; i < calls; i++) {
      work.run();
    }
    double[] rounds = new double[7];
    for (int r = 0; r < rounds.length; r++) {
      long start = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        work.run();
      }
      rounds[r] = (System.nanoTime() - start) / 1e3 / calls;
    }
    Arrays.sort(rounds);
    return rounds[rounds.length / 2];
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElseThrow();
  }

}
