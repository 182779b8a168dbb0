package krnel.runner;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;

/**
 * A Guice module that contributes op implementations. Modules are found with
 * {@link java.util.ServiceLoader}: list yours in {@code META-INF/services/krnel.runner.KrnelModule}
 * (or annotate it {@code @AutoService(KrnelModule.class)}), and putting its jar on the classpath
 * adds its implementations.
 *
 * <pre>{@code
 * public final class SamplesModule extends KrnelModule {
 *   @Override protected void configure() {
 *     implement(KeywordCountImplementation.class);
 *   }
 * }
 * }</pre>
 */
public abstract class KrnelModule extends AbstractModule {
  static final TypeLiteral<OpImplementation<?>> IMPLEMENTATION = new TypeLiteral<>() {};

  /** Adds an implementation; Guice constructs it (it may {@code @Inject} what it needs). */
  protected final void implement(Class<? extends OpImplementation<?>> implementation) {
    Multibinder.newSetBinder(binder(), IMPLEMENTATION).addBinding().to(implementation);
  }

  /** Adds an implementation instance. */
  protected final void implement(OpImplementation<?> implementation) {
    Multibinder.newSetBinder(binder(), IMPLEMENTATION).addBinding().toInstance(implementation);
  }
}
