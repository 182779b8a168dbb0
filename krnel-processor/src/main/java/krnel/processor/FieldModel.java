package krnel.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * One field of an op, as read from its accessor.
 *
 * @param accessor the accessor method
 * @param name the wire name ({@code layer_num})
 * @param type the accessor's return type
 * @param kind how the value is handled
 * @param inputType for inputs, the op type of the input (or of the list/map elements)
 * @param enumType for enums, the enum
 * @param nullable whether null is allowed
 * @param hasDefault whether the accessor is a default method
 * @param excludedFromUuid whether the field stays out of the uuid
 * @param omittedWhenNull whether the field stays out of the canonical JSON while it is null
 */
record FieldModel(
    ExecutableElement accessor,
    String name,
    TypeName type,
    ValueKind kind,
    TypeElement inputType,
    TypeElement enumType,
    boolean nullable,
    boolean hasDefault,
    boolean excludedFromUuid,
    boolean omittedWhenNull) {

  String javaName() {
    return accessor.getSimpleName().toString();
  }

  /** Required in fluent calls and builders: no default and null not allowed. */
  boolean isRequired() {
    return !hasDefault && !nullable;
  }

  boolean isPrimitive() {
    return type.isPrimitive();
  }

  /** The builder holds primitives boxed, so that "not set" can be told apart. */
  TypeName builderType() {
    return type.isPrimitive() ? type.box() : setterType();
  }

  /**
   * What setters accept: JSON-like collections take wildcards, so that {@code Map.of("a", List.of(1))}
   * fits a {@code Map<String, List<Object>>} field (the value is checked and copied on build).
   */
  TypeName setterType() {
    return kind == ValueKind.JSON ? wildcard(type) : type;
  }

  private static TypeName wildcard(TypeName type) {
    if (!(type instanceof ParameterizedTypeName)) {
      return type;
    }
    ParameterizedTypeName parameterized = (ParameterizedTypeName) type;
    TypeName[] arguments = parameterized.typeArguments().stream()
        .map(argument -> argument.equals(ClassName.get(Object.class)) ? WildcardTypeName.subtypeOf(Object.class)
            : argument instanceof ParameterizedTypeName ? WildcardTypeName.subtypeOf(wildcard(argument))
            : argument)
        .toArray(TypeName[]::new);
    return ParameterizedTypeName.get(parameterized.rawType(), arguments);
  }

  String constantName() {
    return Names.upperSnake(name);
  }
}
