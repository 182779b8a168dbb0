package krnel.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import krnel.onnx.Guardrail;
import krnel.onnx.Guardrails;
import krnel.runner.Runner;
import krnel.types.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart's probe exported as a guardrail (issue 13) on the CI subset of {@link QuickstartGraphTest}: the
 * folder alone scores the test mails as {@code probe.predict(x.subs(train, test))} does through the graph.
 */
class QuickstartGuardrailTest {
  @TempDir Path dir;

  @Test
  void exportedProbeScoresTheTestMailsAsTheGraphDoes() {
    try (Runner runner = Runner.open(dir.resolve("store").toString())) {
      Dataset train = runner.fromParquet(Path.of("data/spam_train.parquet")).take(o -> o.offset(2460).numRows(80));
      Dataset test = runner.fromParquet(Path.of("data/spam_test.parquet")).take(o -> o.skip(50));
      QuickstartGraph graph = QuickstartGraph.build(train, test);
      double[] expected = runner.toDoubleArray(graph.score());
      List<String> mails = runner.toStrings(test.colText("text"));

      Guardrails.export(runner, graph.probe(), graph.x(), dir.resolve("guard"), Guardrails.Options.defaults());
      double[] actual;
      try (Guardrail guardrail = Guardrail.load(dir.resolve("guard"), "cpu", false)) {
        actual = guardrail.score(mails);
      }
      assertEquals(61, actual.length);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], actual[i], 1e-5, "test mail " + i);
      }
    }
  }
}
