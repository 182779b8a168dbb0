package krnel.samples.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import krnel.runner.Columns;
import krnel.store.ParquetResults;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** The committed quickstart data has the groups, labels and order that samples/data/README.md describes. */
class SpamDataFilesTest {
  @Test
  void trainFileHoldsTheOlderGroups() throws IOException {
    assertGroups("data/spam_train.parquet", Map.of("easy-ham-1", 2500, "spam-1", 500));
  }

  @Test
  void testFileHoldsTheLaterGroups() throws IOException {
    assertGroups("data/spam_test.parquet", Map.of("easy-ham-2", 1400, "hard-ham-1", 250, "spam-2", 1396));
  }

  private static void assertGroups(String file, Map<String, Integer> expected) throws IOException {
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot table = ParquetResults.read(Path.of(file), allocator)) {
      List<String> texts = Columns.strings(table.getVector("text"), "text");
      List<String> labels = Columns.strings(table.getVector("label"), "label");
      List<String> groups = Columns.strings(table.getVector("group"), "group");
      Map<String, Integer> counts = new TreeMap<>();
      for (int row = 0; row < groups.size(); row++) {
        counts.merge(groups.get(row), 1, Integer::sum);
        assertEquals(groups.get(row).startsWith("spam") ? "spam" : "ham", labels.get(row), file + " row " + row);
        assertTrue(!texts.get(row).isBlank() && texts.get(row).length() <= SpamAssassinConverter.MAX_CHARS,
            file + " row " + row + " has " + texts.get(row).length() + " characters");
        assertTrue(row == 0 || groups.get(row - 1).compareTo(groups.get(row)) <= 0, file + ": rows sorted by group");
      }
      assertEquals(new TreeMap<>(expected), counts);
    }
  }
}
