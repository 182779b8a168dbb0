package krnel.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Registers an op implementation (a class implementing {@code krnel.runner.OpImplementation}) with
 * every runner whose classpath holds it, with no hand-written module or services file.
 *
 * <pre>{@code
 * @Implementation
 * public final class KeywordCountImplementation implements OpImplementation<KeywordCountOp> { ... }
 * }</pre>
 *
 * <p>The Krnel processor generates {@code <Class>_KrnelModule} next to the class (a
 * {@code KrnelModule} that binds it; Guice constructs it, so it may {@code @Inject} what it needs)
 * and lists that module in {@code META-INF/services/krnel.runner.KrnelModule}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Implementation {}
