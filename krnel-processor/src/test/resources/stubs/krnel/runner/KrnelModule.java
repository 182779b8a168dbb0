package krnel.runner;

/** Test fixture: the runtime's KrnelModule (a Guice module) reduced to what generated modules call. */
public abstract class KrnelModule {
  protected void configure() {}

  protected final void implement(Class<? extends OpImplementation<?>> implementation) {}
}
