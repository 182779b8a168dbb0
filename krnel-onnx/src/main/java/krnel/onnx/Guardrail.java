package krnel.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.DoubleBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A guardrail folder written by {@link Guardrails#export}, loaded for scoring: no graph, store or runner.
 * Prompts are tokenized as the activations op tokenizes them (chat template, truncation to {@code max_length}),
 * sorted by length and run in right-padded batches of the op's {@code batch_size}; scores come back in input order.
 * Thread-safe: ONNX Runtime sessions may be run concurrently.
 */
public final class Guardrail implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Guardrail.class.getName());

  private final GuardrailManifest manifest;
  private final byte[] tokenizerJson;
  private final ChatTemplate chatTemplate;
  private final OrtSession session;
  /** Tokenizers by truncation length, made once: parsing tokenizer.json costs more than scoring a short prompt. */
  private final Map<Integer, ai.djl.huggingface.tokenizers.HuggingFaceTokenizer> tokenizers =
      new java.util.concurrent.ConcurrentHashMap<>();

  private Guardrail(GuardrailManifest manifest, byte[] tokenizerJson, ChatTemplate chatTemplate, OrtSession session) {
    this.manifest = manifest;
    this.tokenizerJson = tokenizerJson;
    this.chatTemplate = chatTemplate;
    this.session = session;
  }

  /** The float32 guardrail in {@code dir} on device {@code auto} (an accelerator if there is one, else the CPU). */
  public static Guardrail load(Path dir) {
    return load(dir, "auto", false);
  }

  /**
   * The guardrail in {@code dir}.
   *
   * @param device {@code auto}, {@code cpu}, {@code cuda[:N]} or {@code coreml}, as the activations op's {@code
   *     device}; what {@code auto} picks falls back to the CPU if the session cannot be made there
   * @param float16 whether to run {@value Guardrails#ONNX_FLOAT16} (exported with {@code Options.withFloat16})
   */
  public static Guardrail load(Path dir, String device, boolean float16) {
    Device parsed = Device.parse(device);
    try {
      GuardrailManifest manifest = GuardrailManifest.fromJson(new ObjectMapper().readTree(
          read(dir, Guardrails.MANIFEST)));
      if (float16 && !manifest.float16()) {
        throw new IllegalArgumentException("float16: " + dir + " has no " + Guardrails.ONNX_FLOAT16
            + "; export with Guardrails.Options.defaults().withFloat16(true) (krnel export --float16)");
      }
      byte[] tokenizer = read(dir, Guardrails.TOKENIZER);
      ChatTemplate template = null;
      if (manifest.chatTemplate()) {
        String file = manifest.chatTemplateFile();
        byte[] config = Files.isRegularFile(dir.resolve("tokenizer_config.json"))
            ? read(dir, "tokenizer_config.json") : null;
        String jinja = file.equals("chat_template.jinja") ? new String(read(dir, file), java.nio.charset.StandardCharsets.UTF_8)
            : null;
        template = ChatTemplate.of(config, jinja, manifest.modelName());
      }
      byte[] graph = read(dir, float16 ? Guardrails.ONNX_FLOAT16 : Guardrails.ONNX);
      return new Guardrail(manifest, tokenizer, template, session(graph, parsed, dir));
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    } catch (OrtException e) {
      throw new IllegalArgumentException("guardrail: ONNX Runtime cannot load " + dir + ": " + e.getMessage(), e);
    }
  }

  private static byte[] read(Path dir, String name) throws IOException {
    try {
      return Files.readAllBytes(dir.resolve(name));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("guardrail: " + dir + " has no " + name + "; is it a folder written by"
          + " krnel export (Guardrails.export)?");
    }
  }

  private static OrtSession session(byte[] graph, Device device, Path dir) throws OrtException {
    ExecutionProviders.Placement placement = ExecutionProviders.system().place(device);
    ExecutionProviders.warn(placement, dir.toString());
    try (OrtSession.SessionOptions options = placement.options()) {
      return OrtEnvironment.getEnvironment().createSession(graph, options);
    } catch (OrtException e) {
      if (!placement.mayFallBack()) {
        throw e;
      }
      LOG.log(System.Logger.Level.WARNING, dir + ": device auto: " + placement.device() + " cannot run it ("
          + e.getMessage() + "); running on the CPU");
      try (OrtSession.SessionOptions options = ExecutionProviders.sessionOptions()) {
        return OrtEnvironment.getEnvironment().createSession(graph, options);
      }
    }
  }

  public GuardrailManifest manifest() {
    return manifest;
  }

  /** Each text's score: a margin ({@code decision_function}) or the probability of class true, per the manifest. */
  public double[] score(List<String> texts) {
    return score(texts, false);
  }

  /** Each conversation's score: lists of {@code {"role", "content"}} messages, rendered by the chat template. */
  public double[] scoreConversations(List<? extends List<? extends Map<String, ?>>> conversations) {
    return score(conversations, true);
  }

  private double[] score(List<?> rows, boolean json) {
    try {
      List<LayerActivations.Tokens> tokens = ChatPrompts.tokenize(manifest.modelName(),
          maxLength -> new ChatPrompts.Lease(tokenizer(maxLength), false), chatTemplate, rows, json,
          manifest.chatTemplate(), manifest.maxLength());
      return scoreTokens(tokens);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    } catch (OrtException e) {
      throw new IllegalStateException("guardrail: ONNX Runtime failed: " + e.getMessage(), e);
    }
  }

  private ai.djl.huggingface.tokenizers.HuggingFaceTokenizer tokenizer(int maxLength) throws IOException {
    try {
      return tokenizers.computeIfAbsent(maxLength, length -> {
        try {
          return OnnxModel.tokenizer(tokenizerJson, length);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Sorted by length, batched, right-padded: as the activations op runs its prompts. */
  private double[] scoreTokens(List<LayerActivations.Tokens> tokens) throws OrtException {
    double[] scores = new double[tokens.size()];
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingInt((Integer i) -> tokens.get(i).length()).thenComparingInt(i -> i));
    int batchSize = manifest.batchSize();
    for (int start = 0; start < order.size(); start += batchSize) {
      List<Integer> rows = order.subList(start, Math.min(order.size(), start + batchSize));
      double[] batch = run(rows.stream().map(tokens::get).toList());
      for (int r = 0; r < rows.size(); r++) {
        scores[rows.get(r)] = batch[r];
      }
    }
    return scores;
  }

  private double[] run(List<LayerActivations.Tokens> batch) throws OrtException {
    int width = 0;
    for (LayerActivations.Tokens t : batch) {
      width = Math.max(width, t.length());
    }
    LongBuffer ids = LongBuffer.allocate(batch.size() * width);
    LongBuffer mask = LongBuffer.allocate(batch.size() * width);
    for (LayerActivations.Tokens t : batch) {
      for (int p = 0; p < width; p++) {
        ids.put(p < t.length() ? t.ids()[p] : 0);
        mask.put(p < t.length() ? 1 : 0);
      }
    }
    long[] shape = {batch.size(), width};
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OnnxTensor idTensor = OnnxTensor.createTensor(env, ids.flip(), shape);
        OnnxTensor maskTensor = OnnxTensor.createTensor(env, mask.flip(), shape);
        OrtSession.Result result = session.run(Map.of(GuardrailGraph.INPUT_IDS, idTensor,
            GuardrailGraph.ATTENTION_MASK, maskTensor), java.util.Set.of(GuardrailGraph.SCORE))) {
      DoubleBuffer out = ((OnnxTensor) result.get(0)).getDoubleBuffer();
      double[] scores = new double[out.remaining()];
      out.get(scores);
      return scores;
    }
  }

  @Override
  public void close() {
    tokenizers.values().forEach(ai.djl.huggingface.tokenizers.HuggingFaceTokenizer::close);
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("guardrail: cannot close its ONNX Runtime session: " + e.getMessage(), e);
    }
  }
}
