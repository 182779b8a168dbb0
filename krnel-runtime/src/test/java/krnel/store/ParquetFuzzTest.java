package krnel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import krnel.fuzz.Fuzz;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Mutated and truncated Parquet files: every read either succeeds or fails with an IOException
 * (a one-line error naming the file), within seconds; never an Error, a RuntimeException or a hang.
 * Tries and seed: see {@link Fuzz}.
 */
class ParquetFuzzTest {
  private static Path dir;
  private static byte[] valid;
  private static ExecutorService reader;

  @BeforeAll
  static void writeSample() throws Exception {
    dir = Files.createTempDirectory("krnel-parquet-fuzz");
    Path file = dir.resolve("sample.parquet");
    try (BufferAllocator allocator = new RootAllocator()) {
      try (VectorSchemaRoot table = TestTables.allTypes(allocator)) { // every type, nested lists and structs, nulls
        ParquetResults.write(file, table);
      }
    }
    valid = Files.readAllBytes(file);
    reader = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "parquet-fuzz-reader");
      t.setDaemon(true);
      return t;
    });
  }

  @AfterAll
  static void cleanUp() throws IOException {
    reader.shutdownNow();
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  /** A mutation: flip, overwrite or drop bytes, or truncate. */
  record Mutation(int kind, int at, int length, byte value) {
    byte[] apply(byte[] in) {
      int pos = Math.floorMod(at, in.length);
      switch (kind) {
        case 0: { // flip one byte
          byte[] out = in.clone();
          out[pos] ^= (byte) (value == 0 ? 1 : value);
          return out;
        }
        case 1: { // overwrite a run
          byte[] out = in.clone();
          Arrays.fill(out, pos, Math.min(out.length, pos + length), value);
          return out;
        }
        case 2: // truncate
          return Arrays.copyOf(in, pos);
        default: { // drop a run
          int end = Math.min(in.length, pos + length);
          byte[] out = new byte[in.length - (end - pos)];
          System.arraycopy(in, 0, out, 0, pos);
          System.arraycopy(in, end, out, pos, in.length - end);
          return out;
        }
      }
    }
  }

  @Test
  void mutatedFilesReadOrFailCleanly() {
    Map<String, Integer> outcomes = new TreeMap<>();
    Fuzz.run("parquet mutations", (random, attempt) -> {
      List<Mutation> mutations = new ArrayList<>();
      for (int i = 1 + random.nextInt(4); i > 0; i--) {
        mutations.add(new Mutation(random.nextInt(4), random.nextInt(Integer.MAX_VALUE), random.nextInt(1, 65),
            (byte) random.nextInt(256)));
      }
      attempt.describe(mutations.toString());
      byte[] bytes = valid;
      for (Mutation m : mutations) {
        bytes = bytes.length == 0 ? bytes : m.apply(bytes);
      }
      outcomes.merge(read(bytes, mutations), 1, Integer::sum);
    });
    System.out.println("parquet mutations: " + outcomes);
  }

  private static String read(byte[] bytes, List<Mutation> mutations) throws Exception {
    Path file = dir.resolve("mutated.parquet");
    Files.write(file, bytes);
    Future<Throwable> outcome = reader.submit(() -> {
      try (BufferAllocator allocator = new RootAllocator(256L << 20);
          VectorSchemaRoot table = ParquetResults.read(file, allocator)) {
        table.getRowCount();
        return null;
      } catch (IOException e) {
        return e;
      } catch (Throwable e) {
        return new AssertionError("not a clean error: " + e, e);
      }
    });
    Throwable result;
    try {
      result = outcome.get(20, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      outcome.cancel(true);
      throw new AssertionError("reading a mutated file did not finish in 20 s: " + mutations);
    }
    if (result instanceof AssertionError error) {
      throw error;
    }
    if (result == null) {
      return "read back";
    }
    assertFalse(result.getMessage() == null || result.getMessage().isBlank(), String.valueOf(result));
    assertEquals(-1, result.getMessage().indexOf('\n'), result.getMessage());
    return "clean error";
  }
}
