package krnel.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import krnel.runner.FileHashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model names to files: onnx: folders and files, the Hugging Face cache layout, and the errors. */
class ModelLocatorTest {
  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  @TempDir Path dir;

  private ModelLocator locator(Path cache) {
    return new ModelLocator(Map.of("HF_HUB_CACHE", cache.toString()), dir.resolve("home"));
  }

  private static Path write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  /**
   * A repository in the cache as huggingface_hub lays it out: files are blobs named by their
   * sha256, linked from {@code snapshots/<commit>/}, and {@code refs/main} names the commit.
   */
  private static Path cachedRepo(Path cache, String repo, Map<String, String> files) throws IOException {
    Path root = cache.resolve("models--" + repo.replace("/", "--"));
    write(root.resolve("refs/main"), COMMIT);
    Path snapshot = root.resolve("snapshots").resolve(COMMIT);
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path blob = write(root.resolve("blobs/tmp"), file.getValue());
      Path named = blob.resolveSibling(FileHashes.sha256(blob));
      Files.move(blob, named, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Path link = snapshot.resolve(file.getKey());
      Files.createDirectories(link.getParent());
      Files.createSymbolicLink(link, link.getParent().relativize(named));
    }
    return snapshot;
  }

  private static String read(InputStream in) throws IOException {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theCacheFolderIsFoundAsHuggingFaceHubFindsIt() {
    Path home = Path.of("/home/u");
    assertEquals(Path.of("/c/hub"), new ModelLocator(Map.of("HF_HUB_CACHE", "/c/hub", "HF_HOME", "/h"), home).hubCache());
    assertEquals(Path.of("/h/hub"), new ModelLocator(Map.of("HF_HOME", "/h", "XDG_CACHE_HOME", "/x"), home).hubCache());
    assertEquals(Path.of("/x/huggingface/hub"), new ModelLocator(Map.of("XDG_CACHE_HOME", "/x"), home).hubCache());
    assertEquals(Path.of("/home/u/.cache/huggingface/hub"), new ModelLocator(Map.of("HF_HOME", " "), home).hubCache());
  }

  @Test
  void hfModelInTheOnnxSubfolderOfTheMainSnapshot() throws IOException {
    Path cache = dir.resolve("hub");
    cachedRepo(cache, "org/name", Map.of("onnx/model.onnx", "weights", "onnx/model_quantized.onnx", "int8",
        "tokenizer.json", "{\"tok\": 1}", "tokenizer_config.json", "{}"));
    ModelLocator.ModelFiles files = locator(cache).locate("hf:org/name");
    assertEquals("weights", read(files.openModel()));
    assertArrayEquals("{\"tok\": 1}".getBytes(StandardCharsets.UTF_8), files.tokenizerJson());
    assertTrue(files.file("tokenizer_config.json").isPresent());
    assertEquals(FileHashes.sha256(Path.of(files.describe())), files.modelSha256());
    assertTrue(files.describe().contains("snapshots/" + COMMIT + "/onnx/model.onnx"), files.describe());
  }

  @Test
  void hfModelAtTheTopOfASnapshotNamedByRevision() throws IOException {
    Path cache = dir.resolve("hub");
    cachedRepo(cache, "gpt2", Map.of("decoder_model.onnx", "decoder", "tokenizer.json", "{}"));
    assertEquals("decoder", read(locator(cache).locate("hf:gpt2@" + COMMIT).openModel()));
    assertEquals("decoder", read(locator(cache).locate("huggingface:gpt2").openModel()));
  }

  @Test
  void aMissingHfModelSaysWhereItLookedAndHowToExportOne() throws IOException {
    Path cache = dir.resolve("hub");
    String message = assertThrows(IllegalArgumentException.class, () -> locator(cache).locate("hf:org/absent"))
        .getMessage();
    for (String part : new String[] {"model_name: hf:org/absent", cache.toString(), "from HF_HUB_CACHE",
        cache.resolve("models--org--absent") + ": missing", "downloads nothing",
        "optimum-cli export onnx --model org/absent", "onnx:DIR"}) {
      assertTrue(message.contains(part), () -> "expected \"" + part + "\" in: " + message);
    }
    // a snapshot without ONNX files (a PyTorch-only repository): both folders are listed
    Path snapshot = cachedRepo(cache, "org/torch", Map.of("model.safetensors", "w", "tokenizer.json", "{}"));
    String noOnnx = assertThrows(IllegalArgumentException.class, () -> locator(cache).locate("hf:org/torch"))
        .getMessage();
    assertTrue(noOnnx.contains(snapshot.resolve("onnx") + ": no *.onnx file"), noOnnx);
    assertTrue(noOnnx.contains(snapshot + ": no *.onnx file"), noOnnx);
    String badRevision = assertThrows(IllegalArgumentException.class,
        () -> locator(cache).locate("hf:org/torch@v2")).getMessage();
    assertTrue(badRevision.contains("refs/v2: missing"), badRevision);
  }

  @Test
  void onnxFolderWithOneModelFileOfAnyName() throws IOException {
    write(dir.resolve("m/encoder.onnx"), "enc");
    write(dir.resolve("m/tokenizer.json"), "{}");
    assertEquals("enc", read(locator(dir).locate("onnx:" + dir.resolve("m")).openModel()));
  }

  @Test
  void onnxFileNamedDirectlyWithItsTokenizerInTheParent() throws IOException {
    write(dir.resolve("m/onnx/model_quantized.onnx"), "int8");
    write(dir.resolve("m/onnx/model.onnx"), "fp32");
    write(dir.resolve("m/tokenizer.json"), "{}");
    assertEquals("int8", read(locator(dir).locate("onnx:" + dir.resolve("m/onnx/model_quantized.onnx")).openModel()));
    assertEquals("fp32", read(locator(dir).locate("onnx:" + dir.resolve("m/onnx/model.onnx")).openModel()));
  }

  @Test
  void ambiguousMissingAndUnknownAreClearErrors() throws IOException {
    write(dir.resolve("two/a.onnx"), "a");
    write(dir.resolve("two/b.onnx"), "b");
    write(dir.resolve("two/tokenizer.json"), "{}");
    assertError("onnx:" + dir.resolve("two"), "several ONNX files and no model.onnx: [a.onnx, b.onnx]",
        "name one with onnx:" + dir.resolve("two/a.onnx"));
    write(dir.resolve("notok/model.onnx"), "m");
    assertError("onnx:" + dir.resolve("notok"), "has no tokenizer.json", dir.resolve("notok/tokenizer.json").toString());
    Files.createDirectories(dir.resolve("empty"));
    assertError("onnx:" + dir.resolve("empty"), "no *.onnx file in " + dir.resolve("empty"));
    assertError("onnx:/nonexistent/dir", "/nonexistent/dir does not exist", "model.onnx");
    assertError("tl:gpt2", "no provider registered for scheme: tl", "hf:org/name");
    assertError("minilm", "has no scheme");
    assertError("builtin:gpt2", "no built-in model \"gpt2\"", "all-minilm-l6-v2");
    assertError("hf:a/b/c", "expected hf:org/name or hf:org/name@revision");
  }

  private void assertError(String modelName, String... parts) {
    String message = assertThrows(IllegalArgumentException.class, () -> locator(dir).locate(modelName)).getMessage();
    assertTrue(message.startsWith("model_name: "), message);
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "expected \"" + part + "\" in: " + message);
    }
  }
}
