package krnel.runner;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.multibindings.Multibinder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import krnel.graph.OpSpec;

/**
 * The op implementations of every {@link KrnelModule} on the classpath, and the choice of one per
 * op: the implementation of the op's most specific type wins; none, or two equally specific, is
 * an error that names the op.
 */
public final class Implementations {
  private final List<OpImplementation<?>> all;

  private Implementations(List<OpImplementation<?>> all) {
    this.all = List.copyOf(all);
  }

  /** The modules found with ServiceLoader, plus {@code extra}. */
  public static Implementations load(Module... extra) {
    List<Module> modules = new ArrayList<>();
    ServiceLoader.load(KrnelModule.class).forEach(modules::add);
    modules.addAll(List.of(extra));
    modules.add(binder -> Multibinder.newSetBinder(binder, KrnelModule.IMPLEMENTATION)); // none is fine
    Injector injector = Guice.createInjector(modules);
    Set<OpImplementation<?>> bound = injector.getInstance(Key.get(new com.google.inject.TypeLiteral<Set<OpImplementation<?>>>() {}));
    bound.forEach(implementation -> SetupChecks.requireGeneratedClass(implementation.opType()));
    return new Implementations(new ArrayList<>(bound));
  }

  public List<OpImplementation<?>> all() {
    return all;
  }

  /** The implementation for {@code op}. */
  @SuppressWarnings("unchecked")
  public <T extends OpSpec> OpImplementation<T> find(T op) {
    List<OpImplementation<?>> candidates = all.stream()
        .filter(implementation -> implementation.opType().isInstance(op))
        .collect(Collectors.toList());
    if (candidates.isEmpty()) {
      throw new IllegalStateException("No implementation for " + op.wireName() + " (" + op.opType().declaration().getName()
          + "). Bind one in a KrnelModule listed in META-INF/services/krnel.runner.KrnelModule"
          + (op.wireName().startsWith("LLM") ? ", e.g. add krnel-onnx to the classpath" : ""));
    }
    List<OpImplementation<?>> mostSpecific = candidates.stream()
        .filter(c -> candidates.stream().allMatch(other -> other.opType().isAssignableFrom(c.opType())))
        .collect(Collectors.toList());
    if (mostSpecific.size() != 1) {
      List<OpImplementation<?>> tied = mostSpecific.isEmpty() ? candidates : mostSpecific;
      throw new IllegalStateException("Ambiguous implementations for " + op.wireName() + ": "
          + tied.stream().map(i -> i.getClass().getName() + " (for " + i.opType().getSimpleName() + ")")
              .sorted(Comparator.naturalOrder()).collect(Collectors.joining(", "))
          + ". Keep one, or bind one for the more specific type " + op.opType().declaration().getSimpleName());
    }
    return (OpImplementation<T>) mostSpecific.get(0);
  }

  /** The version recorded with results: the implementation's class and its declared version. */
  static String versionOf(OpImplementation<?> implementation) {
    return implementation.getClass().getName() + "@" + implementation.version();
  }
}
