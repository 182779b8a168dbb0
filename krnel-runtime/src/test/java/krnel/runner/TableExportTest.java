package krnel.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import krnel.graph.OpSpec;
import krnel.ops.LoadInlineJsonDatasetOp;
import krnel.store.ParquetResults;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableExportTest {
  private static Map<String, List<?>> data() {
    Map<String, List<?>> data = new LinkedHashMap<>();
    data.put("text", List.of("plain", "with, comma", "with \"quote\"\nand line"));
    data.put("x", List.of(List.of(0.5, 1.0), List.of(-2.0, 0.25), List.of(3.0, 4.0)));
    data.put("label", List.of(true, false, true));
    return data;
  }

  private static Map<String, OpSpec> columns(LoadInlineJsonDatasetOp ds) {
    Map<String, OpSpec> columns = new LinkedHashMap<>();
    columns.put("mail", ds.colText("text"));
    columns.put("activation", ds.colVector("x"));
    columns.put("is_spam", ds.colBoolean("label"));
    return columns;
  }

  @Test
  void parquetHasTheUsersNamesAndVectorsAsFixedSizeLists(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out/export.parquet");
    try (Runner runner = Runner.open(dir.resolve("store").toString())) {
      runner.export(file, columns(runner.fromInlineDataset(data())));
    }
    try (RootAllocator allocator = new RootAllocator(); VectorSchemaRoot table = ParquetResults.read(file, allocator)) {
      assertEquals(List.of("mail", "activation", "is_spam"),
          table.getSchema().getFields().stream().map(f -> f.getName()).toList());
      assertEquals(3, table.getRowCount());
      ArrowType.FixedSizeList type = assertInstanceOf(ArrowType.FixedSizeList.class,
          table.getSchema().getFields().get(1).getType());
      assertEquals(2, type.getListSize());
      assertEquals("with, comma", table.getVector("mail").getObject(1).toString());
      assertEquals(List.of(-2.0f, 0.25f), table.getVector("activation").getObject(1));
      assertEquals(false, table.getVector("is_spam").getObject(1));
    }
    try (var files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList(), "no temporary file left");
    }
  }

  @Test
  void csvQuotesTextAndWritesVectorsAsJsonArrays(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("export.csv");
    try (Runner runner = Runner.open(dir.resolve("store").toString())) {
      runner.export(file, columns(runner.fromInlineDataset(data())));
    }
    assertEquals("mail,activation,is_spam\r\n"
        + "plain,\"[0.5,1.0]\",true\r\n"
        + "\"with, comma\",\"[-2.0,0.25]\",false\r\n"
        + "\"with \"\"quote\"\"\nand line\",\"[3.0,4.0]\",true\r\n", Files.readString(file));
  }

  @Test
  void columnsOfDifferentRowSetsAndWholeTablesAreRefused(@TempDir Path dir) {
    try (Runner runner = Runner.open(dir.resolve("store").toString())) {
      LoadInlineJsonDatasetOp ds = runner.fromInlineDataset(data());
      LoadInlineJsonDatasetOp other = runner.fromInlineDataset(Map.of("text", List.of("one")));
      Map<String, OpSpec> mixed = new LinkedHashMap<>();
      mixed.put("mail", ds.colText("text"));
      mixed.put("other", other.colText("text"));
      Path file = dir.resolve("bad.parquet");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> runner.export(file, mixed));
      assertTrue(e.getMessage().contains("'other'") && e.getMessage().contains("1 rows") && e.getMessage().contains("3"),
          e.getMessage());
      assertFalse(Files.exists(file));
      e = assertThrows(IllegalArgumentException.class, () -> runner.export(file, Map.of("all", ds)));
      assertTrue(e.getMessage().contains("table of 3 columns"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> runner.export(dir.resolve("x.xlsx"), Map.of("m", ds.colText("text"))));
      assertTrue(e.getMessage().contains("*.parquet or *.csv"), e.getMessage());
    }
  }
}
