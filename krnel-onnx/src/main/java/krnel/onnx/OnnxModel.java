package krnel.onnx;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import krnel.runner.QuietLibraries;

/**
 * An ONNX model of a known {@link ModelFamily} and its {@code tokenizer.json}, with one ORT session
 * per tapped hidden state (the graph cut after that state) or selection of logits, created on first
 * use and kept for the JVM's life.
 *
 * <p>Model names are resolved by {@link ModelLocator}: {@code builtin:all-minilm-l6-v2[-q]},
 * {@code onnx:/path/to/dir} and {@code hf:org/name}. A model whose file changed (another sha256) is
 * loaded again. A folder's chat template ({@code tokenizer_config.json} or {@code chat_template.jinja},
 * see {@link ChatTemplate}) is read with it.
 */
final class OnnxModel {
  private static final System.Logger LOG = System.getLogger(OnnxModel.class.getName());
  private static final Map<String, OnnxModel> LOADED = new ConcurrentHashMap<>();

  static {
    // On a machine with CUDA, DJL looks for a CUDA build of its tokenizer library and downloads it;
    // the CPU build in its jar is all tokenizing needs, and krnel downloads nothing.
    if (System.getProperty("RUST_FLAVOR") == null && System.getenv("RUST_FLAVOR") == null) {
      System.setProperty("RUST_FLAVOR", "cpu");
    }
    // DJL's platform INFO lines, and its "Failed to detect GPU count" warning on a machine whose CUDA
    // runtime is newer than its driver: the tokenizer runs on the CPU either way
    QuietLibraries.atLeast("ai.djl", "warn");
    QuietLibraries.atLeast("ai.djl.util.cuda.CudaUtils", "error");
  }

  final String name;
  /** The digest of the ONNX file this model was read from and its data files ({@link ModelLocator.ModelFiles#modelSha256}). */
  final String modelSha256;
  final OnnxMl.ModelProto proto;
  /** The folder of the model's external data files ({@link ExternalData}), or null when its weights are inside it. */
  private final Path dataFolder;
  final ModelFamily family;
  final byte[] tokenizerJson;
  /** Tensor names of Hugging Face {@code hidden_states[0..layers]}. */
  private final String[] hiddenStates;
  /** Longest input the position embeddings allow, or -1 when unknown. */
  final int maxPositions;
  /** The tokenizer's chat template, or null when it has none. */
  final ChatTemplate chatTemplate;
  private final Map<String, OrtSession> sessions = new ConcurrentHashMap<>();

  private OnnxModel(String name, String modelSha256, OnnxMl.ModelProto proto, Path dataFolder, byte[] tokenizerJson,
      ChatTemplate chatTemplate) {
    this.name = name;
    this.modelSha256 = modelSha256;
    this.proto = proto;
    this.dataFolder = dataFolder;
    this.tokenizerJson = tokenizerJson;
    this.chatTemplate = chatTemplate;
    this.family = ModelFamily.of(proto.getGraph(), name);
    this.hiddenStates = family.hiddenStates(proto.getGraph());
    this.maxPositions = family.positions(proto.getGraph());
  }

  /**
   * The model named {@code modelName}, loaded once per JVM and again when its files change. The
   * replaced model's sessions are not closed, since another thread may still be running them: each
   * change of a model file in a running JVM keeps its old sessions' native memory until exit.
   */
  static OnnxModel get(String modelName) {
    ModelLocator.ModelFiles files = ModelLocator.system().locate(modelName);
    String sha256 = sha256(files);
    return LOADED.compute(modelName, (n, loaded) ->
        loaded != null && loaded.modelSha256.equals(sha256) ? loaded : load(files, sha256));
  }

  /**
   * What identifies the model behind {@code modelName} beyond its name, for a result's provenance:
   * {@code model_sha256}, the sha256 of its ONNX file and data files ({@link ModelLocator.ModelFiles#modelSha256},
   * cached per file state, so cheap to repeat).
   */
  static Map<String, String> provenance(String modelName) {
    return Map.of("model_sha256", sha256(ModelLocator.system().locate(modelName)));
  }

  private static String sha256(ModelLocator.ModelFiles files) {
    try {
      return files.modelSha256();
    } catch (IOException e) {
      throw new UncheckedIOException("model_name: cannot read " + files.describe() + ": " + e.getMessage(), e);
    }
  }

  private static OnnxModel load(ModelLocator.ModelFiles files, String sha256) {
    try (InputStream in = files.openModel()) {
      OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(in);
      // the data files themselves were checked when get() took the model's digest
      Path dataFolder = !ExternalData.uses(proto.getGraph()) ? null : files.folder().orElseThrow(() ->
          new IllegalArgumentException("model_name: " + files.modelName() + ": " + files.describe()
              + " refers to external data files but is not in a folder"));
      return new OnnxModel(files.modelName(), sha256, proto, dataFolder, files.tokenizerJson(), chatTemplate(files));
    } catch (IOException e) {
      throw new UncheckedIOException("model_name: cannot read " + files.modelName() + " (" + files.describe() + "): "
          + e.getMessage(), e);
    }
  }

  private static ChatTemplate chatTemplate(ModelLocator.ModelFiles files) throws IOException {
    Optional<Path> config = files.file("tokenizer_config.json");
    Optional<Path> jinja = files.file("chat_template.jinja");
    return ChatTemplate.of(config.isPresent() ? Files.readAllBytes(config.get()) : null,
        jinja.isPresent() ? Files.readString(jinja.get()) : null, files.modelName());
  }

  /** The number of transformer layers; hidden states are indexed 0..layers. */
  int layers() {
    return hiddenStates.length - 1;
  }

  String hiddenState(int index) {
    return hiddenStates[index];
  }

  /** A session on the CPU whose only output is {@code hidden_states[index]}, pruned after it if {@code prune}. */
  OrtSession session(int index, boolean prune) throws OrtException {
    return session(index, prune, Device.CPU);
  }

  /** A session on {@code device} whose only output is {@code hidden_states[index]}, pruned after it if {@code prune}. */
  OrtSession session(int index, boolean prune, Device device) throws OrtException {
    return session(index, prune, device, ActivationTables.Dtype.FLOAT32);
  }

  /** As {@link #session(int, boolean, Device)}, computing in {@code dtype} where the device can ({@link #graphFor}). */
  OrtSession session(int index, boolean prune, Device device, ActivationTables.Dtype dtype) throws OrtException {
    return session(index, prune, device, dtype, EncoderFusions.enabled());
  }

  /** As {@link #session(int, boolean, Device, ActivationTables.Dtype)}, with the CPU fusions ({@link EncoderFusions}) or not. */
  OrtSession session(int index, boolean prune, Device device, ActivationTables.Dtype dtype, boolean fuse)
      throws OrtException {
    return session(key(index + (prune ? "/pruned" : "/full"), device, dtype, fuse), device, dtype, fuse,
        () -> OnnxGraphs.tap(proto, hiddenStates[index], prune));
  }

  /**
   * A session on {@code device} whose only output is the LM head's logits for {@code ids} ({@code
   * [batch, seq, ids.length]}), computing in {@code dtype} where the device can.
   */
  OrtSession logitsSession(long[] ids, Device device, ActivationTables.Dtype dtype) throws OrtException {
    boolean fuse = EncoderFusions.enabled();
    return session(key("logits" + java.util.Arrays.toString(ids), device, dtype, fuse), device, dtype, fuse,
        () -> OnnxGraphs.selectLogits(proto, ModelFamily.LOGITS, ids));
  }

  /**
   * The cache key of a session of {@code graph}: with the dtype only where it can change the graph
   * (CUDA, or {@code auto}, which may pick it) and the fusions only where they can (the CPU, or
   * {@code auto}), so that equal graphs share one session and one copy of the weights.
   */
  private static String key(String graph, Device device, ActivationTables.Dtype dtype, boolean fuse) {
    boolean mayBeCuda = device.kind() == Device.Kind.CUDA || device.kind() == Device.Kind.AUTO;
    boolean mayBeCpu = device.kind() == Device.Kind.CPU || device.kind() == Device.Kind.AUTO;
    return graph + "/" + device + (mayBeCuda ? "/" + dtype : "") + (mayBeCpu && fuse ? "/fused" : "");
  }

  /**
   * The batch size to run: {@code requested}, or 1 for dynamically quantized models, whose
   * activation scale spans the whole batch, so a prompt's result would depend on its neighbours.
   */
  int batchSize(int requested) {
    return OnnxGraphs.quantizesDynamically(proto.getGraph()) ? 1 : requested;
  }

  /** Whether the graph has the {@code logits} output of a causal LM head. */
  boolean hasLmHead() {
    return proto.getGraph().getOutputList().stream().anyMatch(o -> o.getName().equals(ModelFamily.LOGITS));
  }

  /** The hidden size, from the token embedding matrix. */
  int hiddenSize() {
    int size = family.hiddenSize(proto.getGraph());
    if (size < 0) {
      throw new IllegalStateException(name + ": cannot tell the hidden size (no token embedding matrix found)");
    }
    return size;
  }

  /** The session of the edited graph {@code graph} on {@code device}, made once per {@code key}. */
  private OrtSession session(String key, Device device, ActivationTables.Dtype dtype, boolean fuse,
      java.util.function.Supplier<OnnxMl.ModelProto> graph) throws OrtException {
    OrtSession session = sessions.get(key);
    if (session == null) {
      synchronized (sessions) {
        session = sessions.get(key);
        if (session == null) {
          session = createSession(graph.get(), device, dtype, fuse);
          sessions.put(key, session);
        }
      }
    }
    return session;
  }

  /**
   * A session of {@code model} on {@code device}. What {@code auto} chose falls back to the CPU, with
   * a warning, if the session cannot be made there; an explicit device is an error instead.
   */
  private OrtSession createSession(OnnxMl.ModelProto model, Device device, ActivationTables.Dtype dtype, boolean fuse)
      throws OrtException {
    ExecutionProviders.Placement placement = ExecutionProviders.system().place(device);
    ExecutionProviders.warn(placement, name);
    if (placement.device().kind() == Device.Kind.CPU) {
      try (OrtSession.SessionOptions options = placement.options()) {
        return cpuSession(model, fuse, options);
      }
    }
    try (OrtSession.SessionOptions options = placement.options()) {
      ExternalData.locate(options, dataFolder);
      return OrtSetup.environment().createSession(graphFor(model, placement.device(), dtype), options);
    } catch (OrtException e) {
      if (!placement.mayFallBack()) {
        throw new IllegalArgumentException("device: \"" + device + "\": ONNX Runtime cannot run " + name + " there: "
            + e.getMessage() + "; use device cpu or auto", e);
      }
      LOG.log(System.Logger.Level.WARNING, name + ": device auto: " + placement.device() + " cannot run it ("
          + e.getMessage() + "); running on the CPU");
      try (OrtSession.SessionOptions options = ExecutionProviders.sessionOptions()) {
        return cpuSession(model, fuse, options);
      }
    }
  }

  /**
   * The graph to run on an accelerator: in float16 ({@link Float16Graphs}) when {@code dtype} asks
   * for it and the device is CUDA, whose tensor cores multiply float16; else as it is. The CPU
   * computes float32 whatever the dtype (its ONNX Runtime has few float16 kernels), and the result
   * is rounded once at the end.
   */
  private byte[] graphFor(OnnxMl.ModelProto model, Device device, ActivationTables.Dtype dtype) {
    if (dtype != ActivationTables.Dtype.FLOAT16 || device.kind() != Device.Kind.CUDA) {
      return model.toByteArray();
    }
    if (!Float16Graphs.convertible(model)) {
      LOG.log(System.Logger.Level.WARNING, name + ": dtype float16: its"
          + " weights are in external data files or its graph has control flow, which krnel does not convert;"
          + " computing in float32");
      return model.toByteArray();
    }
    return Float16Graphs.convert(model).toByteArray();
  }

  /**
   * A CPU session of {@code model}: for a BERT encoder, fused ({@link EncoderFusions}) when {@code
   * fuse}. Should ORT fail to optimize or load the fused graph, the graph runs as it is, with a
   * warning: the fusions only ever make it faster. Accelerators get {@link #graphFor}'s graph
   * instead: the fused operators are tested on the CPU only.
   */
  private OrtSession cpuSession(OnnxMl.ModelProto model, boolean fuse, OrtSession.SessionOptions options)
      throws OrtException {
    ExternalData.locate(options, dataFolder);
    OrtEnvironment env = OrtSetup.environment();
    if (fuse && family == ModelFamily.BERT) {
      try {
        EncoderFusions.Fused fused = EncoderFusions.apply(model);
        if (fused.changed()) {
          LOG.log(System.Logger.Level.DEBUG, () -> name + ": fused " + fused.attentions() + " attention blocks and "
              + fused.skipLayerNorms() + " residual layer norms");
          return env.createSession(fused.model().toByteArray(), options);
        }
      } catch (OrtException | IOException e) {
        LOG.log(System.Logger.Level.WARNING, name + ": the CPU fusions failed (" + e.getMessage() + "); running"
            + " ONNX Runtime's graph alone (-D" + EncoderFusions.PROPERTY + "=false skips them)");
      }
    }
    return env.createSession(model.toByteArray(), options);
  }

  /** A session of the model as shipped (all its outputs), not cached. */
  OrtSession original() throws OrtException {
    try (OrtSession.SessionOptions options = ExecutionProviders.sessionOptions()) {
      ExternalData.locate(options, dataFolder);
      return OrtSetup.environment().createSession(proto.toByteArray(), options);
    }
  }

  /**
   * A tokenizer with special tokens, truncation to {@code maxLength} (none when it is 0) and no
   * padding (batches are padded by the caller), whatever the {@code tokenizer.json} itself says.
   */
  HuggingFaceTokenizer tokenizer(int maxLength) throws IOException {
    return tokenizer(tokenizerJson, maxLength);
  }

  /** As {@link #tokenizer(int)}, for the {@code tokenizer.json} {@code tokenizerJson}. */
  static HuggingFaceTokenizer tokenizer(byte[] tokenizerJson, int maxLength) throws IOException {
    Map<String, String> options = maxLength > 0
        ? Map.of("addSpecialTokens", "true", "padding", "false", "truncation", "true",
            "maxLength", Integer.toString(maxLength))
        : Map.of("addSpecialTokens", "true", "padding", "false", "truncation", "false");
    return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), options);
  }
}
