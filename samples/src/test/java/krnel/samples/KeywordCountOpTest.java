package krnel.samples;

import static krnel.samples.KrnelOps.keywordCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import krnel.graph.GraphJson;
import krnel.graph.OpCatalogue;
import krnel.graph.OpSpec;
import krnel.types.Dataset;
import krnel.types.ScoreColumn;
import krnel.types.TextColumn;
import org.junit.jupiter.api.Test;

/** The custom op of the samples behaves like a built-in one: fluent, hashed, catalogued, serializable. */
class KeywordCountOpTest {
  private final Dataset mails = QuickstartGraph.inlineDataset(List.of("Free prize", "Hello"), List.of("spam", "ham"));
  private final TextColumn text = mails.colText("text");

  @Test
  void chainsFluentlyFromATextColumn() {
    ScoreColumn counts = text.then(keywordCount(List.of("free", "prize")));

    KeywordCountOp op = assertInstanceOf(KeywordCountOp.class, counts);
    assertEquals(text, op.text());
    assertEquals(List.of("free", "prize"), op.keywords());
    assertFalse(op.caseSensitive());
    assertTrue(text.then(keywordCount(List.of("free"), o -> o.caseSensitive(true))).caseSensitive());
  }

  @Test
  void printsAsTheFluentCallTheUserWrote() {
    KeywordCountOp op = text.then(keywordCount(List.of("free")));
    assertTrue(op.toString().contains(".then(keywordCount(List.of(\"free\")))"), op.toString());
    // the step's older home keeps working
    assertEquals(op, text.then(ImmutableKeywordCountOp.keywordCount(List.of("free"))));
  }

  @Test
  void hashesItsFieldsLikeAnyOp() {
    KeywordCountOp op = text.then(keywordCount(List.of("free")));

    assertEquals("{\"case_sensitive\": false, \"keywords\": [\"free\"], \"text\": \"" + text.uuid()
        + "\", \"type\": \"KeywordCountOp\"}", op.canonicalJson());
    assertTrue(op.uuid().startsWith("KeywordCountOp_"));
    assertEquals(op, text.then(keywordCount(List.of("free"))));
  }

  @Test
  void isInTheCatalogueAndSurvivesGraphJson() {
    KeywordCountOp op = text.then(keywordCount(List.of("free")));

    assertTrue(OpCatalogue.load().find("KeywordCountOp").isPresent());
    List<OpSpec> read = GraphJson.read(GraphJson.write(List.of(op)));
    assertEquals(op, read.get(0));
    assertInstanceOf(KeywordCountOp.class, read.get(0));
  }

  @Test
  void substitutesLikeAnyOp() {
    Dataset other = QuickstartGraph.inlineDataset(List.of("Win"), List.of("spam"));
    KeywordCountOp op = text.then(keywordCount(List.of("win")));

    ScoreColumn moved = op.subs(mails, other); // subs keeps the column type

    assertEquals(other.colText("text"), assertInstanceOf(KeywordCountOp.class, moved).text());
  }
}
