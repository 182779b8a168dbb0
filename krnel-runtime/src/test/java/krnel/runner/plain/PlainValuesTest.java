package krnel.runner.plain;

import static krnel.runner.plain.KrnelOps.textLength;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import krnel.graph.OpSpec;
import krnel.runner.OpFailedException;
import krnel.runner.Result;
import krnel.runner.Runner;
import krnel.store.ParquetResults;
import krnel.types.Dataset;
import krnel.types.ScoreColumn;
import krnel.types.TextColumn;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Implementations written with plain Java values: {@code inputs.strings/doubles}, {@code Result.doubles}
 * and friends store exactly the files the same columns built with Arrow by hand store.
 */
class PlainValuesTest {
  private final Runner runner = Runner.memory();
  private final Dataset data = runner.fromInlineDataset(Map.of(
      "text", Arrays.asList("spam", "hi", null), "n", List.of(1.0, 2.0, 3.0)));
  private final TextColumn text = data.colText("text");

  @Test
  void anAnnotatedImplementationComputesWithoutAServicesFile() {
    ScoreColumn lengths = text.then(textLength(data.colScore("n")));
    assertArrayEquals(new double[] {5, 4, 3}, lengths.toDoubleArray());
  }

  @Test
  void aColumnOfTheWrongTypeNamesTheOpAndTheField() {
    ScoreColumn lengths = text.then(textLength(text));
    OpFailedException error = assertThrows(OpFailedException.class, () -> runner.materialize(lengths));
    assertTrue(error.getMessage().startsWith("TextLengthOp " + lengths.uuid() + " failed: TextLengthOp.text/offsets: expected a numeric column, got column \""),
        error.getMessage());
  }

  @Test
  void pseudocodeShowsTheFluentCallTheUserWrote() {
    ScoreColumn lengths = text.then(textLength(data.colScore("n")));
    assertTrue(lengths.toString().contains(".then(textLength(colScore_"), lengths.toString());
  }

  @Test
  void plainResultsStoreTheFilesHandBuiltArrowColumnsStore(@TempDir Path dir) throws IOException {
    OpSpec op = text.then(textLength(data.colScore("n")));
    try (RootAllocator allocator = new RootAllocator()) {
      double[] numbers = {1.5, -2, Double.NaN};
      Float8Vector doubles = new Float8Vector(op.uuid(), allocator);
      doubles.allocateNew(3);
      for (int i = 0; i < 3; i++) {
        doubles.set(i, numbers[i]);
      }
      doubles.setValueCount(3);
      assertSameFile(dir, "doubles", Result.doubles(op, numbers), VectorSchemaRoot.of(doubles));

      VarCharVector strings = new VarCharVector(op.uuid(), allocator);
      strings.allocateNew(3);
      strings.setSafe(0, "é".getBytes(StandardCharsets.UTF_8));
      strings.setNull(1);
      strings.setSafe(2, "".getBytes(StandardCharsets.UTF_8));
      strings.setValueCount(3);
      assertSameFile(dir, "strings", Result.strings(op, Arrays.asList("é", null, "")), VectorSchemaRoot.of(strings));

      BitVector booleans = new BitVector(op.uuid(), allocator);
      booleans.allocateNew(2);
      booleans.set(0, 1);
      booleans.set(1, 0);
      booleans.setValueCount(2);
      assertSameFile(dir, "booleans", Result.booleans(op, new boolean[] {true, false}), VectorSchemaRoot.of(booleans));
    }
  }

  @Test
  void vectorsAndJson() {
    OpSpec op = text;
    try (Result.Table vectors = Result.vectors(op, new float[][] {{1, 2}, {3, 4}})) {
      assertEquals(op.uuid(), vectors.root().getVector(0).getName());
      assertEquals("FixedSizeList(2)", vectors.root().getVector(0).getField().getType().toString());
    }
    IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
        () -> Result.vectors(op, new float[][] {{1, 2}, {3}}));
    assertTrue(ragged.getMessage().contains("row 0 has 2 values, row 1 has 1"), ragged.getMessage());
    assertEquals("{\"count\":3}", Result.json(Map.of("count", 3)).document().toString());
  }

  private static void assertSameFile(Path dir, String name, Result.Table plain, VectorSchemaRoot byHand) throws IOException {
    try (plain; byHand) {
      Path a = dir.resolve(name + "-plain.parquet");
      Path b = dir.resolve(name + "-arrow.parquet");
      ParquetResults.write(a, plain.root());
      ParquetResults.write(b, byHand);
      assertEquals(-1, Files.mismatch(a, b), name + ": the files differ");
    }
  }
}
