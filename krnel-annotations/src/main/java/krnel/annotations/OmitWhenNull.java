package krnel.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Leaves a {@link Nullable} field out of the canonical JSON (and so out of the uuid) while it is
 * null. This is how Krnel for Java adds an option to an op of the reference: a graph that does not
 * use the option keeps the reference's uuid byte for byte, and one that uses it gets its own uuid.
 * Graph JSON still holds the field; krnel-graph ignores keys it does not know, and then refuses the
 * node because its uuid no longer matches, which is right, as it cannot compute the option.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OmitWhenNull {}
