package krnel.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Leaves a {@link Nullable} field out of the canonical JSON (and so out of the uuid) and out of graph
 * JSON while it is null. This is how Krnel for Java adds an option to an op of the reference: a graph
 * that does not use the option keeps the reference's uuids and nodes byte for byte. Once the option
 * is set, the op has its own uuid; krnel-graph ignores the key it does not know, finds that the node no
 * longer hashes to its uuid and refuses it, which is right, as it cannot compute the option.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OmitWhenNull {}
