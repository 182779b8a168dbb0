package krnel.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's HTML as text: self-contained, every chart and op there, names rather than uuids. */
class ReportTest {
  @Test
  void oneSelfContainedFileWithEveryChart(@TempDir Path dir) throws Exception {
    ReportFixture.Written written = ReportFixture.write(dir);
    String html = Files.readString(written.html());
    assertFalse(Pattern.compile("<script[^>]+src=|<link |https?://(?!www\\.w3\\.org/2000/svg)").matcher(html).find(),
        "nothing is fetched");
    assertEquals(written.ops(), count(html, "<g class=\"node\""));
    assertEquals(written.ops(), count(html, "<tr data-index="));
    int evaluations = written.evaluations();
    assertEquals(evaluations + 1, count(html, "class=\"chart roc"), "one ROC per evaluation and the overlay");
    assertEquals(evaluations, count(html, "class=\"chart pr\""));
    assertEquals(evaluations * written.splitsPerEvaluation(), count(html, "class=\"chart histogram\""));
    assertEquals(evaluations * written.splitsPerEvaluation(), count(html, "<table class=\"confusion\""));
    assertTrue(html.contains("data-marks=\"" + (evaluations * written.splitsPerEvaluation()) + "\" width"),
        "the overlay has one curve per evaluation and split");
    assertTrue(html.contains(">logistic_regression evaluation</h2>") && html.contains(">naive_bayes evaluation · test<"),
        "evaluations are named by their variable names");
    assertTrue(html.contains("data-marks=\"" + ReportFixture.ROWS + "\""), "one UMAP point per row");
    assertTrue(html.contains("Buy &lt;cheap&gt; pills now &amp; save, mail 0 — label = spam"), "row text and label");
    assertTrue(html.contains(">ham</text>") && html.contains("umap coloured by label"), "real categories, column name");
    assertTrue(html.length() < 400_000, "small enough to mail: " + html.length());
  }

  private static int count(String text, String part) {
    Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
