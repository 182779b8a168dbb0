package krnel.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import krnel.ops.LoadInlineJsonDatasetOp;
import krnel.runner.OpFailedException;
import krnel.runner.Runner;
import krnel.store.ParquetResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deeply nested data: stored only when it can be read back (a 900-level dataset once broke every read). */
class DeepNestingTest {
  @TempDir Path store;

  private static Object nested(int levels) {
    Object value = 1L;
    for (int i = 0; i < levels; i++) {
      value = List.of(value);
    }
    return value;
  }

  @Test
  void theDeepestStorableColumnReadsBack() {
    Map<String, List<?>> data = Map.of("deep", List.of(nested(ParquetResults.MAX_NESTING)));
    String uuid;
    try (Runner runner = Runner.open(store.toString())) {
      LoadInlineJsonDatasetOp ds = runner.fromInlineDataset(data);
      uuid = ds.uuid();
      runner.materialize(ds);
    }
    try (Runner runner = Runner.open(store.toString())) { // a fresh runner reads the stored file
      LoadInlineJsonDatasetOp ds = runner.fromInlineDataset(data);
      assertEquals(uuid, ds.uuid());
      try (var table = runner.toArrow(ds)) {
        assertEquals(ParquetResults.MAX_NESTING, ParquetResults.nesting(table.getSchema().getFields().get(0)));
      }
    }
  }

  @Test
  void deeperDataIsRefusedBeforeItIsStored() {
    try (Runner runner = Runner.open(store.toString())) {
      LoadInlineJsonDatasetOp ds = runner.fromInlineDataset(Map.of("deep", List.of(nested(200))));
      OpFailedException e = assertThrows(OpFailedException.class, () -> runner.materialize(ds));
      assertTrue(e.getMessage().contains("LoadInlineJsonDatasetOp") && e.getMessage().contains(
          "data: column 'deep' nests 200 levels of lists or objects; at most 64"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
      assertFalse(runner.hasResult(ds));
    }
  }
}
