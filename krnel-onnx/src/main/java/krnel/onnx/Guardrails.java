package krnel.onnx;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import krnel.ops.ClassifierPredictOp;
import krnel.ops.LLMLayerActivationsOp;
import krnel.ops.TrainClassifierOp;
import krnel.probe.ProbeModel;
import krnel.runner.Runner;
import krnel.types.Classifier;
import krnel.types.VectorColumn;

/**
 * Exports a trained probe with the model it reads as one ONNX guardrail folder, which {@link Guardrail#load} scores
 * prompts from with no graph, store or runner:
 *
 * <pre>{@code
 * Guardrails.export(probe, x, Path.of("guard"));          // x: the activations op the probe was trained on
 * try (Guardrail g = Guardrail.load(Path.of("guard"))) {
 *   double[] scores = g.score(List.of("Win money now!!"));
 * }
 * }</pre>
 *
 * <p>The folder holds {@value #ONNX} ({@link GuardrailGraph}: token ids in, the probe's score out, float64, of the
 * kind {@code ClassifierPredictOp} gives), {@value #ONNX_FLOAT16} when asked for, {@code tokenizer.json}, the chat
 * template's file when the op applies one, and {@value #MANIFEST} ({@link GuardrailManifest}).
 */
public final class Guardrails {
  public static final String ONNX = "guardrail.onnx";
  public static final String ONNX_FLOAT16 = "guardrail-float16.onnx";
  public static final String MANIFEST = "guardrail.json";
  public static final String TOKENIZER = "tokenizer.json";

  private Guardrails() {}

  /** What to write besides the float32 graph. */
  public record Options(boolean float16, boolean logits) {
    public static Options defaults() {
      return new Options(false, false);
    }

    /** Also write {@value #ONNX_FLOAT16}: the model's weights and compute in float16 (for GPUs). */
    public Options withFloat16(boolean float16) {
      return new Options(float16, logits);
    }

    /**
     * Keep a decoder's LM head: the graph then also outputs {@code logits} ({@code [batch, sequence, vocabulary]}),
     * so that one forward pass serves generation and the guard; the model is not cut after the tapped layer.
     */
    public Options withLogits(boolean logits) {
      return new Options(float16, logits);
    }
  }

  /** Exports {@code probe}, trained on {@code x}, into {@code dir}; the probe is computed by the runner it was built from. */
  public static GuardrailManifest export(Classifier probe, VectorColumn x, Path dir) {
    return export(probe, x, dir, Options.defaults());
  }

  public static GuardrailManifest export(Classifier probe, VectorColumn x, Path dir, Options options) {
    checkTrainedOn(probe, x);
    return export(probe.toJson(), probe.uuid(), x, dir, options);
  }

  /** As {@link #export(Classifier, VectorColumn, Path)}, computing the probe with {@code runner}. */
  public static GuardrailManifest export(Runner runner, Classifier probe, VectorColumn x, Path dir, Options options) {
    checkTrainedOn(probe, x);
    return export(runner.toJson(probe), probe.uuid(), x, dir, options);
  }

  /**
   * A probe trained on activations of another model, layer, pooling, truncation or prompt format than {@code x}'s
   * would score other vectors than it was trained on: refused. The texts may differ ({@code x.subs(train, test)}).
   */
  private static void checkTrainedOn(Classifier probe, VectorColumn x) {
    Optional<LLMLayerActivationsOp> trained = trainedOn(probe);
    if (trained.isEmpty() || !(x instanceof LLMLayerActivationsOp)) {
      return;
    }
    LLMLayerActivationsOp a = trained.get();
    LLMLayerActivationsOp b = (LLMLayerActivationsOp) x;
    if (!a.modelName().equals(b.modelName()) || a.layerNum() != b.layerNum() || a.tokenMode() != b.tokenMode()
        || !java.util.Objects.equals(a.maxLength(), b.maxLength()) || a.applyChatTemplate() != b.applyChatTemplate()
        || !java.util.Objects.equals(a.dtype(), b.dtype())) {
      throw new IllegalArgumentException("x: " + b.uuid() + " (" + b.modelName() + " layer " + b.layerNum() + ", "
          + b.tokenMode() + ") is not what the probe " + probe.uuid() + " was trained on (" + a.modelName() + " layer "
          + a.layerNum() + ", " + a.tokenMode() + "); pass the probe's own activations op, or one that differs only in"
          + " its texts");
    }
  }

  /** Exports the probe and activations a predict op reads ({@code probe.predict(x)}), computed by {@code runner}. */
  public static GuardrailManifest export(Runner runner, ClassifierPredictOp predict, Path dir, Options options) {
    return export(runner, predict.model(), predict.x(), dir, options);
  }

  /**
   * The activations op a probe was trained on, for {@code krnel export}: its {@code x} when it is a {@code
   * TrainClassifierOp} on model activations.
   */
  public static Optional<LLMLayerActivationsOp> trainedOn(Classifier probe) {
    return probe instanceof TrainClassifierOp && ((TrainClassifierOp) probe).x() instanceof LLMLayerActivationsOp
        ? Optional.of((LLMLayerActivationsOp) ((TrainClassifierOp) probe).x()) : Optional.empty();
  }

  private static GuardrailManifest export(JsonNode probeJson, String probeUuid, VectorColumn column, Path dir,
      Options options) {
    if (!(column instanceof LLMLayerActivationsOp)) {
      throw new IllegalArgumentException("x: " + column.wireName() + " " + column.uuid() + " is not model"
          + " activations; a guardrail exports an LLMLayerActivationsOp (text.llmLayerActivations(...)) and the probe"
          + " trained on it");
    }
    LLMLayerActivationsOp x = (LLMLayerActivationsOp) column;
    ProbeModel probe = ProbeModel.fromJson(probeJson);  // checks the format before anything is written
    if (x.torchCompile()) {
      throw new IllegalArgumentException("torch_compile: a PyTorch option; it must be false for ONNX models");
    }
    OnnxModel model = OnnxModel.get(x.modelName());
    int hiddenIndex = OnnxLayerActivationsImplementation.hiddenIndex(x.layerNum(), model.layers(), x.modelName());
    int hidden = model.hiddenSize();
    if (probe.features() != hidden) {
      throw new IllegalArgumentException("x: the probe " + probeUuid + " has " + probe.features() + " features but "
          + x.modelName() + " layer " + x.layerNum() + " gives " + hidden + "; pass the activations op it was trained on");
    }
    int maxLength = OnnxLayerActivationsImplementation.maxLength(x.maxLength(), model);
    boolean roundToFloat16 = ActivationTables.Dtype.of(x.dtype(), x.modelName()) == ActivationTables.Dtype.FLOAT16;
    OnnxMl.ModelProto graph = GuardrailGraph.build(model, hiddenIndex, x.tokenMode(), roundToFloat16, probeJson,
        GuardrailGraph.Precision.FLOAT32, options.logits());
    OnnxMl.ModelProto half = options.float16() ? GuardrailGraph.build(model, hiddenIndex, x.tokenMode(), roundToFloat16,
        probeJson, GuardrailGraph.Precision.FLOAT16, options.logits()) : null;
    try {
      Files.createDirectories(dir);
      ModelLocator.ModelFiles files = ModelLocator.system().locate(x.modelName());
      String chatFile = null;
      if (x.applyChatTemplate() && model.chatTemplate != null) {
        for (String name : new String[] {"chat_template.jinja", "tokenizer_config.json"}) {
          Optional<Path> file = files.file(name);
          if (file.isPresent()) {
            Files.copy(file.get(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            chatFile = chatFile == null ? name : chatFile;
          }
        }
      }
      write(dir.resolve(TOKENIZER), model.tokenizerJson);
      write(dir.resolve(ONNX), graph.toByteArray());
      if (half != null) {
        write(dir.resolve(ONNX_FLOAT16), half.toByteArray());
      } else {
        Files.deleteIfExists(dir.resolve(ONNX_FLOAT16));
      }
      GuardrailManifest manifest = new GuardrailManifest(x.modelName(), model.modelSha256,
          model.family.name().toLowerCase(Locale.ROOT), x.layerNum(), hiddenIndex,
          x.tokenMode().name().toLowerCase(Locale.ROOT), maxLength, model.batchSize(x.batchSize()),
          roundToFloat16 ? "float16" : "float32", x.applyChatTemplate() && chatFile != null, chatFile,
          probe.modelType(), probeJson.path("kind").asText(), probe.scoreKind().wireName(),
          probe.preprocessor().type().name().toLowerCase(Locale.ROOT), hidden, x.uuid(), probeUuid,
          half != null, options.logits());
      ObjectNode json = manifest.toJson();
      write(dir.resolve(MANIFEST), new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the guardrail to " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Writes through a temporary file and a rename, so a reader never sees half a file. */
  private static void write(Path file, byte[] bytes) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temporary, bytes);
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
