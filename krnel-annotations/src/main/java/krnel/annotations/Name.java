package krnel.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Overrides a wire name. On an accessor: the field name in canonical JSON (default: the accessor
 * name in snake_case, {@code layerNum} → {@code layer_num}). On an enum constant: the value
 * written for it (default: the constant name in lower case).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.FIELD})
public @interface Name {
  String value();
}
