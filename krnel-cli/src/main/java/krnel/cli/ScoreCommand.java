package krnel.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import krnel.onnx.Guardrail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code krnel score DIR TEXT...}: an exported guardrail's score for each text, and with a threshold a decision. */
@Command(name = "score", mixinStandardHelpOptions = true, version = Krnel.VERSION,
    description = {"Score texts with a guardrail folder written by `krnel export`: one line per text, the score (a"
        + " margin or a probability, as guardrail.json's probe.score_kind says) then, with --threshold T, `flagged`"
        + " (score >= T) or `passed`, then the text."})
final class ScoreCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "The guardrail folder.")
  Path dir;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "TEXT", description = "The texts to score.")
  List<String> texts;

  @Option(names = "--threshold", paramLabel = "T", description = "Flag texts whose score is at least T.")
  Double threshold;

  @Option(names = "--threshold-from", paramLabel = "REPORT.json",
      description = "Take T from an evaluation report (the result.json of a ClassifierEvaluationOp): its split's"
          + " threshold, else its most_accurate_threshold.")
  Path report;

  @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "all",
      description = "The report's split to read the threshold of (default: all).")
  String split;

  @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto",
      description = "auto (default), cpu, cuda[:N] or coreml.")
  String device;

  @Option(names = "--float16", description = "Run guardrail-float16.onnx (exported with --float16).")
  boolean float16;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (report != null) {
      if (threshold != null) {
        throw new CliException("--threshold and --threshold-from are both given", "give one of them");
      }
      threshold = thresholdFrom(report, split);
    }
    double[] scores;
    try (Guardrail guardrail = Guardrail.load(dir, device, float16)) {
      scores = guardrail.score(texts);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new CliException(e.getMessage(), "give a folder written by `krnel export`", e);
    }
    for (int i = 0; i < scores.length; i++) {
      String decision = threshold == null ? "" : (scores[i] >= threshold ? "flagged" : "passed") + "\t";
      out.println(String.format(Locale.ROOT, "%.6f", scores[i]) + "\t" + decision + texts.get(i).replace('\n', ' '));
    }
    return 0;
  }

  private static double thresholdFrom(Path report, String split) {
    com.fasterxml.jackson.databind.JsonNode metrics;
    try {
      metrics = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile()).path(split);
    } catch (java.io.IOException e) {
      throw new CliException("--threshold-from: cannot read " + report + ": " + e.getMessage(),
          "give the result.json of a ClassifierEvaluationOp (score.evaluate(labels))", e);
    }
    for (String field : new String[] {"threshold", "most_accurate_threshold"}) {
      if (metrics.path(field).isNumber()) {
        return metrics.path(field).asDouble();
      }
    }
    throw new CliException("--threshold-from: " + report + " has no threshold or most_accurate_threshold in split \""
        + split + "\"", "choose a split of the report with --split, or give --threshold");
  }
}
