package krnel.store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;

/**
 * Writes and reads {@code rows × dim} float32 vectors (default 100,000 × 768, Gaussian, like
 * activations) through {@link ParquetResultWriter} and {@link ParquetResultReader}, and the same
 * bytes through a bare {@link FileChannel} as a same-run baseline; prints MB/s each way and the
 * ratio to the baseline. One batch of {@code batch} rows is generated and written {@code rows /
 * batch} times, so {@code rows=3000000} (2.3 billion floats, 9.2 GB) streams in bounded memory. The
 * file is read back right after it is written, so reads come from the page cache. Each step also
 * reports MB per CPU-second of the whole process, which says what a step costs when other
 * processes share the cores.
 *
 * <p>Run from the repository root, after {@code mvn install -DskipTests}:
 *
 * <pre>
 * mvn -q -pl krnel-runtime test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/test.classpath
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp krnel-runtime/target/classes:\
 * krnel-runtime/target/test-classes:$(cat krnel-runtime/target/test.classpath) \
 *     krnel.store.ParquetBenchmark rows=100000 dim=768 batch=10000 repeats=5 codec=ZSTD dir=/tmp
 * </pre>
 *
 * <p>Arguments (all optional): {@code rows}, {@code dim}, {@code batch}, {@code repeats}, {@code
 * codec} (ZSTD or UNCOMPRESSED), {@code threads} (compression threads; default one per
 * processor), {@code dir}, {@code split} (false: PLAIN floats at zstd level 3, the issue-3 layout,
 * only), {@code baseline} (false: skip the issue-3 layout, which is otherwise measured in the same
 * run, so that the two layouts compare under the same load).
 */
public final class ParquetBenchmark {
  private ParquetBenchmark() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      a.put(kv[0], kv.length > 1 ? kv[1] : "");
    }
    int rows = Integer.parseInt(a.getOrDefault("rows", "100000"));
    int dim = Integer.parseInt(a.getOrDefault("dim", "768"));
    int batchRows = Integer.parseInt(a.getOrDefault("batch", "10000"));
    int repeats = Integer.parseInt(a.getOrDefault("repeats", "3"));
    ParquetWriteOptions defaults = ParquetWriteOptions.defaults();
    ParquetWriteOptions options =
        defaults
            .withCompression(
                ParquetWriteOptions.Compression.valueOf(a.getOrDefault("codec", "ZSTD")))
            .withCompressionThreads(
                Integer.parseInt(
                    a.getOrDefault("threads", String.valueOf(defaults.compressionThreads()))));
    options = options.withByteStreamSplitFloats(Boolean.parseBoolean(a.getOrDefault("split", "true")));
    boolean baseline =
        options.byteStreamSplitFloats() && Boolean.parseBoolean(a.getOrDefault("baseline", "true"));
    ParquetWriteOptions issue3 = options.withByteStreamSplitFloats(false);
    Path dir = Path.of(a.getOrDefault("dir", System.getProperty("java.io.tmpdir")));
    Path parquet = dir.resolve("krnel-benchmark.parquet");
    Path raw = dir.resolve("krnel-benchmark.raw");
    double megabytes = (double) rows * dim * 4 / 1e6;
    System.out.printf(
        Locale.ROOT,
        "%,d x %d float32 = %.1f MB, %s, %d compression threads, %s, load average %s%n",
        rows,
        dim,
        megabytes,
        options.compression(),
        options.compressionThreads(),
        dir,
        loadAverage());

    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot batch = TestTables.vectors(allocator, batchRows, dim, 42)) {
      ByteBuffer bytes =
          ((FixedSizeListVector) batch.getVector(0))
              .getDataVector()
              .getDataBuffer()
              .nioBuffer(0, batchRows * dim * 4);
      int steps = baseline ? 6 : 4;
      double[][] times = new double[steps][repeats];
      double[][] cpu = new double[steps][repeats];
      long parquetSize = 0;
      long issue3Size = 0;
      final ParquetWriteOptions written = options;
      for (int rep = 0; rep < repeats; rep++) {
        time(times[0], cpu[0], rep, () -> rawWrite(raw, bytes, rows, batchRows));
        time(times[1], cpu[1], rep, () -> rawRead(raw, (long) rows * dim * 4));
        time(times[2], cpu[2], rep, () -> parquetWrite(parquet, batch, rows, batchRows, written));
        parquetSize = Files.size(parquet);
        time(
            times[3],
            cpu[3],
            rep,
            () -> parquetRead(parquet, allocator, batch, rows, batchRows, dim));
        if (baseline) {
          time(times[4], cpu[4], rep, () -> parquetWrite(parquet, batch, rows, batchRows, issue3));
          issue3Size = Files.size(parquet);
          time(
              times[5],
              cpu[5],
              rep,
              () -> parquetRead(parquet, allocator, batch, rows, batchRows, dim));
        }
      }
      String[] names = {
        "raw FileChannel write",
        "raw FileChannel read",
        "Parquet write",
        "Parquet read",
        "issue-3 layout write",
        "issue-3 layout read"
      };
      double[] best = new double[steps];
      for (int i = 0; i < steps; i++) {
        best[i] = Arrays.stream(times[i]).min().orElseThrow();
        double leastCpu = Arrays.stream(cpu[i]).min().orElseThrow();
        System.out.printf(
            Locale.ROOT,
            "%-22s best %7.0f MB/s, %7.0f MB per CPU-second  (runs: %s)%n",
            names[i],
            megabytes / best[i],
            megabytes / leastCpu,
            Arrays.toString(
                Arrays.stream(times[i]).mapToLong(t -> Math.round(megabytes / t)).toArray()));
      }
      System.out.printf(
          Locale.ROOT,
          "Parquet file %.1f MB (%.3f of raw); write at %.2f x raw," + " read at %.2f x raw%n",
          parquetSize / 1e6,
          parquetSize / (megabytes * 1e6),
          best[0] / best[2],
          best[1] / best[3]);
      if (baseline) {
        System.out.printf(
            Locale.ROOT,
            "issue-3 layout (PLAIN floats, zstd 3) file %.1f MB (%.3f of raw); this layout writes at"
                + " %.2f x and reads at %.2f x the issue-3 layout (wall), %.2f x and %.2f x (CPU)%n",
            issue3Size / 1e6,
            issue3Size / (megabytes * 1e6),
            best[4] / best[2],
            best[5] / best[3],
            Arrays.stream(cpu[4]).min().orElseThrow() / Arrays.stream(cpu[2]).min().orElseThrow(),
            Arrays.stream(cpu[5]).min().orElseThrow() / Arrays.stream(cpu[3]).min().orElseThrow());
      }
    } finally {
      Files.deleteIfExists(parquet);
      Files.deleteIfExists(raw);
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException | RuntimeException e) {
      return String.valueOf(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private interface Step {
    void run() throws IOException;
  }

  /**
   * Wall-clock and process CPU seconds of {@code step}; CPU time shows what the step costs when
   * other processes share the machine.
   */
  private static void time(double[] wall, double[] cpu, int rep, Step step) throws IOException {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();
    step.run();
    wall[rep] = (System.nanoTime() - start) / 1e9;
    cpu[rep] = (os.getProcessCpuTime() - cpuStart) / 1e9;
  }

  private static void rawWrite(Path file, ByteBuffer bytes, int rows, int batchRows)
      throws IOException {
    try (FileChannel out =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      int rowBytes = bytes.capacity() / batchRows;
      for (int done = 0; done < rows; done += batchRows) {
        ByteBuffer part = bytes.duplicate();
        part.limit(Math.min(rows - done, batchRows) * rowBytes);
        while (part.hasRemaining()) {
          out.write(part);
        }
      }
    }
  }

  private static void rawRead(Path file, long size) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocateDirect(32 << 20);
    long read = 0;
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        read += n;
        buffer.clear();
      }
    }
    if (read != size) {
      throw new IllegalStateException("read " + read + " of " + size + " bytes");
    }
  }

  private static void parquetWrite(
      Path file, VectorSchemaRoot batch, int rows, int batchRows, ParquetWriteOptions options)
      throws IOException {
    try (ParquetResultWriter writer = ParquetResultWriter.open(file, batch.getSchema(), options)) {
      for (int done = 0; done < rows; done += batchRows) {
        int n = Math.min(rows - done, batchRows);
        if (n == batchRows) {
          writer.write(batch);
        } else {
          try (VectorSchemaRoot part = batch.slice(0, n)) {
            writer.write(part);
          }
        }
      }
    }
  }

  /** Reads every batch and checks one row in each against the batch that was written. */
  private static void parquetRead(
      Path file,
      BufferAllocator allocator,
      VectorSchemaRoot written,
      int rows,
      int batchRows,
      int dim)
      throws IOException {
    Float4Vector expected =
        (Float4Vector) ((FixedSizeListVector) written.getVector(0)).getDataVector();
    long seen = 0;
    try (ParquetResultReader reader = ParquetResultReader.open(file, allocator)) {
      while (reader.loadNextBatch()) {
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        Float4Vector values =
            (Float4Vector) ((FixedSizeListVector) root.getVector(0)).getDataVector();
        int last = root.getRowCount() - 1;
        int source = (int) ((seen + last) % batchRows);
        for (int j = 0; j < dim; j++) {
          if (values.get(last * dim + j) != expected.get(source * dim + j)) {
            throw new IllegalStateException("row " + (seen + last) + " differs at " + j);
          }
        }
        seen += root.getRowCount();
      }
    }
    if (seen != rows) {
      throw new IllegalStateException("read " + seen + " of " + rows + " rows");
    }
  }
}
