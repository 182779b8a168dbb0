package krnel.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface as a column type: the type an op produces and other ops consume. When the
 * column type is compiled together with ops whose first input has that type, the processor
 * generates {@code <Name>Fluent}, which the column type extends, holding one fluent method per op
 * (the "sandwich": {@code interface TextColumn extends OpSpec, TextColumnFluent}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ColumnType {}
