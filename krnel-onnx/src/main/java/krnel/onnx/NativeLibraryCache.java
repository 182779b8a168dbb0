package krnel.onnx;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * ONNX Runtime's native libraries, extracted from its jar once into a folder that later runs reuse.
 *
 * <p>Left alone, ONNX Runtime copies its 28 MB library into a new {@code onnxruntime-java*} folder
 * of the temp directory on every start and removes it at exit, so every killed run leaves one
 * behind. It also reads {@code -Donnxruntime.native.path=DIR}: a folder holding the libraries,
 * which is what this class provides, under {@code $XDG_CACHE_HOME/krnel} (default {@code
 * ~/.cache/krnel}) or {@code -Dkrnel.native.cache=DIR}. The folder name carries ONNX Runtime's
 * version and the platform; it appears complete or not at all (extracted beside it, then renamed),
 * so concurrent first runs cannot load a half-written library. Nothing changes when the user set
 * {@code onnxruntime.native.path} or {@code ORT_LOAD_FROM_LIBRARY_PATH}, or when the jar has no
 * library for this platform (ONNX Runtime then does what it always does).
 */
final class NativeLibraryCache {
  static final String ORT_PATH_PROPERTY = "onnxruntime.native.path";
  static final String CACHE_PROPERTY = "krnel.native.cache";
  /** The libraries ONNX Runtime's loader looks for in {@code onnxruntime.native.path} at start. */
  private static final List<String> LIBRARIES = List.of("onnxruntime", "onnxruntime4j_jni", "onnxruntime_providers_shared");
  private static final System.Logger LOG = System.getLogger(NativeLibraryCache.class.getName());

  private NativeLibraryCache() {}

  /** Sets {@code onnxruntime.native.path} to the cached libraries, extracting them the first time. */
  static void configure() {
    if (System.getProperty(ORT_PATH_PROPERTY) != null || System.getProperty("ORT_LOAD_FROM_LIBRARY_PATH") != null) {
      return;
    }
    String platform = platform();
    String version = OrtEnvironment.class.getPackage().getImplementationVersion();
    if (platform == null || version == null || resource(platform, "onnxruntime") == null) {
      return;
    }
    Path folder = cacheRoot().resolve("onnxruntime-" + version + "-" + platform);
    try {
      if (!Files.isRegularFile(folder.resolve(fileName("onnxruntime")))) {
        deleteTree(folder); // absent, or emptied by hand
        extract(platform, folder);
      }
      System.setProperty(ORT_PATH_PROPERTY, folder.toString());
    } catch (IOException | RuntimeException e) {
      // a read-only home, a full disk: ONNX Runtime extracts into the temp directory as before
      LOG.log(System.Logger.Level.DEBUG, "cannot cache ONNX Runtime's libraries in " + folder + ": " + e);
    }
  }

  static Path cacheRoot() {
    String configured = System.getProperty(CACHE_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cacheHome = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return cacheHome.resolve("krnel");
  }

  private static void extract(String platform, Path folder) throws IOException {
    Files.createDirectories(folder.getParent());
    Path partial = Files.createTempDirectory(folder.getParent(), folder.getFileName() + ".partial-");
    try {
      for (String library : LIBRARIES) {
        String resource = resource(platform, library);
        if (resource == null) {
          continue;
        }
        try (InputStream in = OrtEnvironment.class.getResourceAsStream(resource)) {
          if (in != null) {
            Files.copy(in, partial.resolve(fileName(library)));
          }
        }
      }
      try {
        Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, folder);
      }
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      // another JVM finished first: use its copy
    } finally {
      deleteTree(partial);
    }
  }

  private static String resource(String platform, String library) {
    String path = "/ai/onnxruntime/native/" + platform + "/" + fileName(library);
    return OrtEnvironment.class.getResource(path) == null ? null : path;
  }

  private static String fileName(String library) {
    return System.mapLibraryName(library).replace("jnilib", "dylib");
  }

  /** The platform folder names of ONNX Runtime's jar ({@code linux-x64}, {@code osx-aarch64}, ...), or null. */
  static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String osName = os.contains("mac") || os.contains("darwin") ? "osx"
        : os.contains("win") ? "win" : os.contains("nux") ? "linux" : null;
    String archName = arch.startsWith("amd64") || arch.startsWith("x86_64") ? "x64"
        : arch.startsWith("aarch64") ? "aarch64" : null;
    return osName == null || archName == null ? null : osName + "-" + archName;
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "cannot remove " + root + ": " + e);
    }
  }
}
