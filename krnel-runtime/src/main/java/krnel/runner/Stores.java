package krnel.runner;

import java.net.URI;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/** Turns a store URI into a {@link Store}: built-in schemes first, then {@link StoreProvider}s. */
final class Stores {
  // Two or more letters, so that a Windows drive letter (C:\store) stays a path.
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):");

  private Stores() {}

  static Store open(String storeUri) {
    if (storeUri.startsWith("memory:")) {
      return new MemoryStore(storeUri);
    }
    var scheme = SCHEME.matcher(storeUri);
    boolean hasScheme = scheme.find();
    if (!hasScheme) {
      return new LocalStore(Path.of(storeUri), storeUri);
    }
    if (scheme.group(1).equalsIgnoreCase("file")) {
      return new LocalStore(Path.of(URI.create(storeUri)), storeUri);
    }
    for (StoreProvider provider : ServiceLoader.load(StoreProvider.class)) {
      if (provider.accepts(storeUri)) {
        return provider.open(storeUri);
      }
    }
    String name = scheme.group(1).toLowerCase(java.util.Locale.ROOT);
    String hint = name.equals("s3") || name.equals("gs")
        ? "add the krnel-s3 module (ai.krnel:krnel-s3) to the classpath"
        : "use a directory, a file: URI or memory:<name>, or add a module that provides a "
            + "krnel.runner.StoreProvider for " + name + ":";
    throw new IllegalArgumentException(
        "no store for URI " + storeUri + " (scheme " + name + ":): " + hint);
  }
}
