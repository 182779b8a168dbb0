package krnel.samples;

import krnel.runner.KrnelModule;

/**
 * Binds the samples' implementations. Listed in {@code META-INF/services/krnel.runner.KrnelModule},
 * so every runner on a classpath with this jar can compute {@link KeywordCountOp}.
 */
public final class SamplesModule extends KrnelModule {
  @Override
  protected void configure() {
    implement(KeywordCountImplementation.class);
  }
}
