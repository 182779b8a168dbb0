package krnel.samples;

import java.util.List;
import java.util.Locale;
import krnel.annotations.Implementation;
import krnel.graph.OpSpec;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Result;
import krnel.runner.RowWise;

/**
 * Computes {@link KeywordCountOp}: the number of keyword occurrences in each text (null texts count 0).
 * {@code @Implementation} registers it with every runner: the processor generates its module and
 * services entry. Row-wise ({@link RowWise}): a custom op opts in to engines that split rows, like the
 * built-ins.
 */
@Implementation
public final class KeywordCountImplementation
    implements OpImplementation<KeywordCountOp>, RowWise<KeywordCountOp> {
  @Override
  public Class<KeywordCountOp> opType() {
    return KeywordCountOp.class;
  }

  @Override
  public List<OpSpec> rowAlignedInputs(KeywordCountOp op) {
    return List.of(op.text());
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public Result compute(KeywordCountOp op, Inputs inputs) {
    List<String> texts = inputs.strings(op.text());
    double[] counts = new double[texts.size()];
    for (int row = 0; row < counts.length; row++) {
      counts[row] = count(texts.get(row), op.keywords(), op.caseSensitive());
    }
    return Result.doubles(op, counts);
  }

  private static int count(String text, List<String> keywords, boolean caseSensitive) {
    if (text == null) {
      return 0;
    }
    String haystack = caseSensitive ? text : text.toLowerCase(Locale.ROOT);
    int total = 0;
    for (String keyword : keywords) {
      String needle = caseSensitive ? keyword : keyword.toLowerCase(Locale.ROOT);
      for (int at = haystack.indexOf(needle); at >= 0 && !needle.isEmpty(); at = haystack.indexOf(needle, at + needle.length())) {
        total++;
      }
    }
    return total;
  }
}
