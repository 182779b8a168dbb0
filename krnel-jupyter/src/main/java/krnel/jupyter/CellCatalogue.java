package krnel.jupyter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import krnel.graph.OpType;

/**
 * The op catalogue of the notebook's cells: graph JSON (a stored status, {@code findOp}) turns wire
 * names back into op classes through {@code META-INF/services/krnel.graph.OpType}, and after a
 * redeclaration two cells hold a class of one wire name. This keeps the newest class of each name
 * and serves one services file listing them through a fresh context class loader per change (the
 * op catalogue is loaded once per class loader).
 */
final class CellCatalogue {
  private static final String SERVICES = "META-INF/services/krnel.graph.OpType";

  private final Path root;
  private final Map<String, String> providerByWireName = new LinkedHashMap<>();
  private int versions;

  CellCatalogue(Path root) {
    this.root = root;
  }

  /** Adds a cell's catalogue entries (loaded through {@code cells}); returns the loader that sees the newest ones. */
  ClassLoader update(List<String> providers, ClassLoader cells) {
    for (String provider : providers) {
      try {
        OpType<?> type = (OpType<?>) Class.forName(provider, true, cells).getDeclaredConstructor().newInstance();
        providerByWireName.put(type.wireName(), provider);
      } catch (ReflectiveOperationException | LinkageError e) {
        throw new IllegalStateException("%%krnelop: cannot load the op catalogue entry " + provider + ": " + e, e);
      }
    }
    Path file = root.resolve("catalogue" + ++versions).resolve(SERVICES);
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, providerByWireName.values(), StandardCharsets.UTF_8);
      return new CatalogueLoader(cells, file.toUri().toURL());
    } catch (IOException e) {
      throw new UncheckedIOException("%%krnelop: cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Its parent's classes and resources, plus one more op catalogue file. */
  private static final class CatalogueLoader extends ClassLoader {
    private final URL catalogue;

    CatalogueLoader(ClassLoader parent, URL catalogue) {
      super(parent);
      this.catalogue = catalogue;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      if (!SERVICES.equals(name)) {
        return super.getResources(name);
      }
      List<URL> files = new ArrayList<>(Collections.list(super.getResources(name)));
      files.add(catalogue);
      return Collections.enumeration(files);
    }

    static {
      registerAsParallelCapable();
    }
  }
}
