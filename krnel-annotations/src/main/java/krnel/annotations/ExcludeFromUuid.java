package krnel.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keeps a field out of the op's uuid while keeping it in graph JSON, for values that locate
 * content rather than define it (a file path next to the file's sha256). Works on inherited
 * accessors too.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ExcludeFromUuid {}
