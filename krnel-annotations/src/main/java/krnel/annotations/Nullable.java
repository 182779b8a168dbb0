package krnel.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an op field that may be {@code null} (written as JSON {@code null}). Any annotation named
 * {@code Nullable} (JSpecify, Jakarta, JetBrains) works the same way.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE_USE})
public @interface Nullable {}
