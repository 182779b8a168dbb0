package krnel.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import krnel.graph.OpSpec;
import krnel.onnx.GuardrailManifest;
import krnel.onnx.Guardrails;
import krnel.ops.ClassifierPredictOp;
import krnel.ops.LLMLayerActivationsOp;
import krnel.runner.OpFailedException;
import krnel.types.Classifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code krnel export}: a trained probe and the model activations it reads as one ONNX guardrail folder. */
@Command(name = "export", mixinStandardHelpOptions = true, version = Krnel.VERSION,
    description = {"Export the selected probe (a trained classifier on model activations, or its predict op) with its"
        + " model as one ONNX guardrail: DIR/guardrail.onnx (token ids in, the probe's score out), tokenizer.json,"
        + " the chat template if the activations apply one, and DIR/guardrail.json. The probe is trained first if"
        + " the store lacks it. Score prompts with `krnel score DIR TEXT...`."})
final class ExportCommand implements Callable<Integer> {
  @Mixin GraphOptions graph;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "The guardrail folder to write.")
  Path output;

  @Option(names = "--float16", description = "Also write guardrail-float16.onnx (weights and compute in float16, for GPUs).")
  boolean float16;

  @Option(names = "--logits", description = "Keep a decoder's LM head: guardrail.onnx also outputs logits.")
  boolean logits;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Selection selection = Selection.open(graph, false, false, spec.commandLine().getErr())) {
      List<NamedOp> probes = selection.ops().stream()
          .filter(n -> n.op() instanceof Classifier || n.op() instanceof ClassifierPredictOp)
          .collect(Collectors.toList());
      if (probes.size() != 1) {
        throw new CliException(probes.isEmpty() ? "none of the selected ops is a probe (a trained classifier or its"
            + " predict op)" : probes.size() + " probes are selected: " + probes.stream().map(NamedOp::name)
            .collect(Collectors.joining(", ")), "select one with -s NAME or -u UUID");
      }
      OpSpec op = probes.get(0).op();
      Guardrails.Options options = Guardrails.Options.defaults().withFloat16(float16).withLogits(logits);
      GuardrailManifest manifest;
      try {
        if (op instanceof ClassifierPredictOp) {
          manifest = Guardrails.export(selection.runner(), (ClassifierPredictOp) op, output, options);
        } else {
          Classifier probe = (Classifier) op;
          LLMLayerActivationsOp x = Guardrails.trainedOn(probe).orElseThrow(() -> new CliException(
              probes.get(0).name() + " (" + op.uuid() + ") is not trained on model activations",
              "export a probe trained on text.llmLayerActivations(...), or select its predict op"));
          manifest = Guardrails.export(selection.runner(), probe, x, output, options);
        }
      } catch (OpFailedException e) {
        throw new CliException(e.getMessage(), "`krnel status --state failed` lists failed ops with their errors", e);
      } catch (IllegalArgumentException | UncheckedIOException e) {
        throw new CliException(e.getMessage(), "see docs/guardrails.md for what can be exported", e);
      }
      out.println("Exported " + manifest.probeType() + " probe " + manifest.probeUuid() + " on " + manifest.modelName()
          + " layer " + manifest.layerNum() + " (" + manifest.tokenMode() + ", " + manifest.scoreKind() + ") to "
          + output);
    }
    return 0;
  }
}
