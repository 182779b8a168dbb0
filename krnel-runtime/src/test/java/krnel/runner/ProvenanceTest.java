package krnel.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import krnel.graph.OpSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Provenance of external inputs: cached file digests, recorded in status.json, changes reported as staleness. */
class ProvenanceTest {
  @TempDir Path dir;

  @Test
  void aDigestIsRememberedUntilTheFilesSizeOrTimeChanges() throws IOException {
    Path file = dir.resolve("model.onnx");
    Files.writeString(file, "weights-1");
    FileTime time = Files.getLastModifiedTime(file);
    String first = FileHashes.cachedSha256(file);
    assertEquals(FileHashes.sha256(file), first);

    Files.writeString(file, "weights-2"); // same size; the old time put back: the cache cannot tell
    Files.setLastModifiedTime(file, time);
    assertEquals(first, FileHashes.cachedSha256(file), "read again although size and time did not change");

    Files.setLastModifiedTime(file, FileTime.fromMillis(time.toMillis() + 2000));
    assertEquals(FileHashes.sha256(file), FileHashes.cachedSha256(file));
    assertNotEquals(first, FileHashes.cachedSha256(file));
  }

  @Test
  void statusJsonKeepsTheProvenance() {
    OpSpec op = ImmutableCountedOp.builder().label("p").build();
    OpStatus status = OpStatus.of(op, OpState.RUNNING).running(java.time.Instant.EPOCH)
        .completed(java.time.Instant.EPOCH, "impl@1", Map.of("model_sha256", "ab12"));
    String json = status.toJson();
    assertTrue(json.contains("\"provenance\":{\"model_sha256\":\"ab12\"}"), json);
    assertEquals(Map.of("model_sha256", "ab12"), OpStatus.fromJson(json).provenance());
    assertEquals(Map.of(), OpStatus.fromJson(OpStatus.of(op, OpState.NEW).toJson()).provenance());
  }

  @Test
  void aChangedInputFileMakesTheResultStale() throws IOException {
    Path file = dir.resolve("input.bin");
    Files.writeString(file, "one");
    CountedOp op = ImmutableCountedOp.builder().label("file").build();
    try (Runner runner = Runner.open(dir.resolve("store").toString(), fileModule(file))) {
      runner.materialize(op);
      String before = FileHashes.sha256(file);
      assertEquals(Map.of("input_sha256", before), runner.status(op).provenance());
      assertTrue(runner.staleness(op).isEmpty());

      Files.writeString(file, "two, longer");
      String after = FileHashes.sha256(file);
      assertEquals("input_sha256 was " + before + ", now " + after, runner.staleness(op).orElseThrow());
      runner.recompute(op);
      assertTrue(runner.staleness(op).isEmpty());

      Files.delete(file);
      String why = runner.staleness(op).orElseThrow();
      assertTrue(why.startsWith("its inputs cannot be checked: CountedOp"), why);
    }
  }

  /** CountedOp's implementation, reporting {@code file}'s digest as its provenance. */
  private static KrnelModule fileModule(Path file) {
    return new KrnelModule() {
      @Override
      protected void configure() {
        implement(new OpImplementation<CountedOp>() {
          private final CountedImplementation counted = new CountedImplementation(null, "1");

          @Override
          public Class<CountedOp> opType() {
            return CountedOp.class;
          }

          @Override
          public String version() {
            return "1";
          }

          @Override
          public Result compute(CountedOp op, Inputs inputs) throws Exception {
            return counted.compute(op, inputs);
          }

          @Override
          public Map<String, String> provenance(CountedOp op) throws IOException {
            return Map.of("input_sha256", FileHashes.cachedSha256(file));
          }
        });
      }
    };
  }
}
