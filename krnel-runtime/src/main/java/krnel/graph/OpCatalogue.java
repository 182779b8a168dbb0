package krnel.graph;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.WeakHashMap;

/**
 * Every op class on the classpath by wire name, from the {@code META-INF/services/krnel.graph.OpType}
 * files the processor writes: graph JSON becomes typed ops again without classpath scanning.
 */
public final class OpCatalogue {
  /** Loading reads every services file on the classpath, so each class loader's catalogue is kept. */
  private static final Map<ClassLoader, OpCatalogue> LOADED = Collections.synchronizedMap(new WeakHashMap<>());

  private final Map<String, OpType<?>> byWireName; // sorted
  private final Map<String, OpType<?>> lookup; // the same, hashed: find() runs for every node read

  private OpCatalogue(Map<String, OpType<?>> byWireName) {
    this.byWireName = Collections.unmodifiableMap(byWireName);
    this.lookup = new HashMap<>(byWireName);
  }

  /** The ops visible to the context class loader (or this class's loader). */
  public static OpCatalogue load() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return load(loader != null ? loader : OpCatalogue.class.getClassLoader());
  }

  /** The ops visible to {@code loader}, loaded once per class loader. */
  public static OpCatalogue load(ClassLoader loader) {
    return LOADED.computeIfAbsent(loader, OpCatalogue::scan);
  }

  /**
   * The ops visible to {@code loader}. Two classes with one wire name are an error naming both, as
   * graph JSON could not tell them apart.
   */
  @SuppressWarnings("rawtypes")
  private static OpCatalogue scan(ClassLoader loader) {
    Map<String, OpType<?>> byWireName = new TreeMap<>();
    try {
      for (OpType<?> type : ServiceLoader.load(OpType.class, loader)) {
        OpType<?> previous = byWireName.putIfAbsent(type.wireName(), type);
        if (previous != null && !previous.declaration().equals(type.declaration())) {
          throw new IllegalStateException("Two op classes share the wire name " + type.wireName() + ": "
              + previous.declaration().getName() + " and " + type.declaration().getName()
              + ". Rename one with @Op(\"...\").");
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException("The op catalogue on the classpath is broken (rebuild the module that declares the op): "
          + e.getMessage(), e);
    }
    return new OpCatalogue(byWireName);
  }

  public Optional<OpType<?>> find(String wireName) {
    return Optional.ofNullable(lookup.get(wireName));
  }

  /** All known ops, sorted by wire name. */
  public Map<String, OpType<?>> all() {
    return byWireName;
  }
}
