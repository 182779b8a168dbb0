package krnel.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an op: an interface whose abstract accessors are the op's fields. The Krnel processor
 * generates {@code Immutable<Name>}, its builder, its canonical hash and a fluent method on the
 * column type of its first input.
 *
 * <pre>{@code
 * @Op("MyCustomEmbeddingOp")
 * public interface MyCustomEmbedding extends VectorColumn {
 *   TextColumn textInput();                      // an input op: a graph edge
 *   String modelPath();                          // a parameter
 *   default int maxLength() { return 512; }      // a parameter with a default
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Op {
  /**
   * The wire name: the {@code "type"} of the op in graph JSON and the prefix of its uuid. It is
   * hashed, so renaming it changes every uuid of the op. Defaults to the interface's simple name.
   */
  String value() default "";

  /**
   * The name of the fluent method generated on the column type of the op's first input.
   * Defaults to the interface name in lowerCamelCase without an {@code Op} suffix; {@link #NONE}
   * generates no fluent method (the column type declares its own).
   */
  String fluent() default "";

  /** The {@link #fluent()} value that turns the generated fluent method off. */
  String NONE = "-";
}
