package krnel.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import krnel.ops.LoadInlineJsonDatasetOp;
import krnel.runner.Runner;
import krnel.types.TextColumn;
import org.junit.jupiter.api.Test;

class OpNamesTest {
  @Test
  void aNameIsNotPartOfTheUuidNorOfGraphJson() {
    try (Runner runner = Runner.memory()) {
      LoadInlineJsonDatasetOp ds = runner.fromInlineDataset(Map.of("text", List.of("a", "b"), "n", List.of(1, 2)));
      TextColumn text = ds.colText("text");
      String uuid = text.uuid();
      String json = GraphJson.write(text);
      assertSame(text, OpNames.named(text, "mail text"));
      assertEquals(uuid, text.uuid());
      assertEquals(json, GraphJson.write(text));
      assertEquals("mail text", OpNames.label(text));
      assertEquals("mail text", OpNames.label(ds.colText("text")), "an equal op shares the name");
      assertTrue(OpNames.given(ds.colText("n")).isEmpty());
    }
  }

  @Test
  void unnamedOpsAreLabelledByShortPseudocode() {
    try (Runner runner = Runner.memory()) {
      LoadInlineJsonDatasetOp ds = runner.fromInlineDataset(Map.of("label", List.of("spam", "ham")));
      String label = OpNames.label(ds.colCategorical("label").isIn("spam"));
      assertTrue(label.matches("[a-z]+_[0-9a-f]+\\.colCategorical\\(\"label\"\\)\\.isIn\\(\"spam\"\\)|.*isIn.*"), label);
      assertTrue(label.length() <= OpNames.MAX_LABEL, label);
      assertTrue(!label.contains("\n") && !label.endsWith(";"), label);
    }
  }

  @Test
  void anEmptyNameIsRefused() {
    try (Runner runner = Runner.memory()) {
      TextColumn text = runner.fromInlineDataset(Map.of("text", List.of("a"))).colText("text");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpNames.named(text, " "));
      assertTrue(e.getMessage().contains("SelectTextColumnOp"), e.getMessage());
    }
  }
}
