package krnel.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import krnel.annotations.Check;
import krnel.annotations.ColumnType;
import krnel.annotations.Ephemeral;
import krnel.annotations.ExcludeFromUuid;
import krnel.annotations.Name;
import krnel.annotations.OmitWhenNull;
import krnel.annotations.Op;

/** Reads one {@code @Op} interface into an {@link OpModel}, reporting every problem it finds. */
final class OpReader {
  static final String OP_SPEC = "krnel.graph.OpSpec";

  /**
   * Methods of {@code OpSpec} and {@code Object} that cannot be op fields, and {@code builder}, the
   * static factory of the generated class.
   */
  private static final Set<String> RESERVED_ACCESSORS = Set.of(
      "uuid", "opType", "wireName", "isEphemeral", "builder", "toBuilder", "canonicalJson", "dependencies",
      "parameters", "toCode", "hashCode", "toString", "getClass", "clone", "finalize", "notify", "notifyAll", "wait");

  /** Thrown when a field's type is not generated yet: the op is read again next round. */
  static final class Deferred extends Exception {
    Deferred() {
      super(null, null, false, false);
    }
  }

  private final Elements elements;
  private final Types types;
  private final Reporter reporter;
  private final DefaultChecker defaults;
  private final TypeMirror opSpec;

  OpReader(ProcessingEnvironment env, Reporter reporter) {
    this.elements = env.getElementUtils();
    this.types = env.getTypeUtils();
    this.reporter = reporter;
    this.defaults = new DefaultChecker(env);
    TypeElement opSpecElement = elements.getTypeElement(OP_SPEC);
    this.opSpec = opSpecElement == null ? null : types.erasure(opSpecElement.asType());
  }

  /** The model, or null when the declaration is invalid (problems were reported). */
  OpModel read(TypeElement element) throws Deferred {
    Op op = element.getAnnotation(Op.class);
    String simpleName = element.getSimpleName().toString();
    if (element.getKind() != ElementKind.INTERFACE) {
      reporter.error(element, Problem.NOT_AN_INTERFACE, simpleName, element.getKind().toString().toLowerCase());
      return null;
    }
    int errorsBefore = reporter.errorCount();
    if (!element.getTypeParameters().isEmpty()) {
      reporter.error(element, Problem.GENERIC_OP, simpleName);
    }
    if (element.getModifiers().contains(Modifier.PRIVATE)) {
      reporter.error(element, Problem.PRIVATE_OP, simpleName, String.join("", ClassName.get(element).simpleNames()));
    }
    String wireName = op.value().isEmpty() ? simpleName : op.value();
    if (!wireName.matches("[A-Za-z][A-Za-z0-9]*")) {
      reporter.error(element, Problem.BAD_WIRE_NAME, wireName);
    }
    if (!extendsColumnType(element)) {
      reporter.error(element, Problem.NO_COLUMN_TYPE, simpleName);
    }
    List<String> checks = new ArrayList<>();
    List<FieldModel> fields = readFields(element, checks);
    if (reporter.errorCount() > errorsBefore) {
      return null;
    }
    String fluent = op.fluent().isEmpty() ? Names.fluent(simpleName) : op.fluent();
    return new OpModel(element, wireName, Op.NONE.equals(fluent) ? null : fluent, fields, checks, isEphemeral(element));
  }

  private List<FieldModel> readFields(TypeElement element, List<String> checks) throws Deferred {
    Map<String, ExecutableElement> accessors = new LinkedHashMap<>();
    Set<String> excluded = new HashSet<>();
    collectAccessors(element, accessors, excluded);
    accessors.values().removeIf(method -> {
      if (method.getAnnotation(Check.class) == null) {
        return false;
      }
      if (!method.getModifiers().contains(Modifier.DEFAULT) || method.getReturnType().getKind() != TypeKind.VOID
          || !method.getParameters().isEmpty()) {
        reporter.error(method, Problem.BAD_CHECK, method.getSimpleName(), element.getSimpleName());
      } else {
        checks.add(method.getSimpleName().toString());
      }
      return true;
    });
    List<FieldModel> fields = new ArrayList<>();
    Map<String, FieldModel> byName = new LinkedHashMap<>();
    boolean deferred = false;
    for (ExecutableElement accessor : accessors.values()) {
      try {
        FieldModel field = readField(element, accessor, excluded.contains(accessor.getSimpleName().toString()));
        if (field == null) {
          continue;
        }
        FieldModel clash = byName.putIfAbsent(field.name(), field);
        if (clash != null) {
          reporter.error(accessor, Problem.DUPLICATE_FIELD, field.name(), element.getSimpleName(),
              clash.javaName(), field.javaName());
          continue;
        }
        fields.add(field);
      } catch (Deferred d) {
        deferred = true;
      }
    }
    if (deferred) {
      throw new Deferred();
    }
    return fields;
  }

  /**
   * Collects accessors in declaration order, inherited ones first, stopping at column types and
   * OpSpec (they declare no fields). A redeclaration replaces the inherited accessor in place.
   * Abstract methods with parameters are errors unless a default method overrides them (a mixin
   * such as {@code InlineCode} implemented by the op).
   */
  private void collectAccessors(TypeElement op, Map<String, ExecutableElement> out, Set<String> excluded) {
    Map<String, ExecutableElement> withParameters = new LinkedHashMap<>();
    collectAccessors(op, out, excluded, withParameters, new HashSet<>());
    for (ExecutableElement method : withParameters.values()) {
      if (!method.getModifiers().contains(Modifier.DEFAULT)) {
        reporter.error(method, Problem.ACCESSOR_WITH_PARAMETERS, method.getSimpleName(), op.getSimpleName());
      }
    }
  }

  private void collectAccessors(TypeElement type, Map<String, ExecutableElement> out, Set<String> excluded,
      Map<String, ExecutableElement> withParameters, Set<String> visited) {
    if (!visited.add(type.getQualifiedName().toString()) || isColumnTypeOrOpSpec(type)) {
      return;
    }
    for (TypeMirror superType : type.getInterfaces()) {
      Element superElement = types.asElement(superType);
      if (superElement instanceof TypeElement) {
        collectAccessors((TypeElement) superElement, out, excluded, withParameters, visited);
      }
    }
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      String name = method.getSimpleName().toString();
      if (method.getAnnotation(Check.class) != null) {
        out.put(name, method); // validated with the other @Check methods, whatever its modifiers and parameters
        continue;
      }
      Set<Modifier> modifiers = method.getModifiers();
      if (modifiers.contains(Modifier.STATIC) || modifiers.contains(Modifier.PRIVATE)) {
        continue;
      }
      if (!method.getParameters().isEmpty()) {
        withParameters.put(name + types.erasure(method.asType()), method);
        continue;
      }
      if (method.getAnnotation(ExcludeFromUuid.class) != null) {
        excluded.add(name);
      }
      out.put(name, method);
    }
  }

  private FieldModel readField(TypeElement op, ExecutableElement accessor, boolean excluded) throws Deferred {
    String javaName = accessor.getSimpleName().toString();
    Name rename = accessor.getAnnotation(Name.class);
    String name = rename != null ? rename.value() : Names.snake(javaName);
    if (!isFieldName(name)) {
      reporter.error(accessor, Problem.BAD_FIELD_NAME, name, javaName, op.getSimpleName());
      return null;
    }
    if (RESERVED_ACCESSORS.contains(javaName) || name.equals("type")) {
      reporter.error(accessor, Problem.RESERVED_FIELD, javaName, op.getSimpleName(), name);
      return null;
    }
    TypeMirror type = accessor.getReturnType();
    if (type.getKind() == TypeKind.VOID) {
      reporter.error(accessor, Problem.VOID_ACCESSOR, javaName, op.getSimpleName());
      return null;
    }
    if (isUnresolved(type)) {
      throw new Deferred();
    }
    boolean nullable = hasNullable(accessor) || hasNullable(type);
    if (nullable && type.getKind().isPrimitive()) {
      reporter.error(accessor, Problem.NULLABLE_PRIMITIVE, name, op.getSimpleName(), type.getKind().name().toLowerCase(Locale.ROOT));
      return null;
    }
    boolean omittedWhenNull = accessor.getAnnotation(OmitWhenNull.class) != null;
    if (omittedWhenNull && !nullable) {
      reporter.error(accessor, Problem.OMIT_WHEN_NULL_NOT_NULLABLE, name, op.getSimpleName());
      return null;
    }
    boolean hasDefault = accessor.getModifiers().contains(Modifier.DEFAULT);
    if (hasDefault && !defaults.isConstant(accessor)) {
      reporter.error(accessor, Problem.DEFAULT_NOT_CONSTANT, name, op.getSimpleName());
      return null;
    }
    TypeClassifier.Classified c = new TypeClassifier(types, elements, opSpec).classify(type);
    if (c.problem() != null) {
      if (c.inputClass() != null) {
        reporter.error(accessor, Problem.INPUT_IS_CLASS, name, op.getSimpleName(), c.inputClass().getQualifiedName(), c.problem());
      } else {
        reporter.error(accessor, Problem.UNSUPPORTED_TYPE, name, op.getSimpleName(), type, c.problem());
      }
      return null;
    }
    return new FieldModel(accessor, name, TypeName.get(type), c.kind(), c.inputType(), c.enumType(),
        nullable, hasDefault, excluded, omittedWhenNull);
  }

  /** A Python identifier that also makes a Java constant name ({@code _} alone is a Java keyword). */
  private static boolean isFieldName(String name) {
    if (name.isEmpty() || name.equals("_") || !(Character.isLetter(name.codePointAt(0)) || name.charAt(0) == '_')) {
      return false;
    }
    return name.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '_');
  }

  /** Whether {@code type} or a type in it ({@code List<Missing>}) is not generated yet or does not exist. */
  static boolean isUnresolved(TypeMirror type) {
    switch (type.getKind()) {
      case ERROR:
        return true;
      case DECLARED:
        return ((DeclaredType) type).getTypeArguments().stream().anyMatch(OpReader::isUnresolved);
      case ARRAY:
        return isUnresolved(((ArrayType) type).getComponentType());
      case WILDCARD:
        WildcardType wildcard = (WildcardType) type;
        return (wildcard.getExtendsBound() != null && isUnresolved(wildcard.getExtendsBound()))
            || (wildcard.getSuperBound() != null && isUnresolved(wildcard.getSuperBound()));
      default:
        return false;
    }
  }

  private static boolean hasNullable(ExecutableElement accessor) {
    return hasNullableAnnotation(accessor.getAnnotationMirrors());
  }

  private static boolean hasNullable(TypeMirror type) {
    return hasNullableAnnotation(type.getAnnotationMirrors());
  }

  private static boolean hasNullableAnnotation(List<? extends AnnotationMirror> annotations) {
    for (AnnotationMirror annotation : annotations) {
      if (annotation.getAnnotationType().asElement().getSimpleName().contentEquals("Nullable")) {
        return true;
      }
    }
    return false;
  }

  private boolean extendsColumnType(TypeElement element) {
    for (TypeMirror superType : element.getInterfaces()) {
      Element superElement = types.asElement(superType);
      if (superElement instanceof TypeElement) {
        TypeElement t = (TypeElement) superElement;
        if (t.getAnnotation(ColumnType.class) != null || extendsColumnType(t)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean isColumnTypeOrOpSpec(TypeElement type) {
    return type.getAnnotation(ColumnType.class) != null || type.getQualifiedName().contentEquals(OP_SPEC);
  }

  /** {@code @Ephemeral} counts on the op or any interface it extends. */
  private boolean isEphemeral(TypeElement element) {
    if (element.getAnnotation(Ephemeral.class) != null) {
      return true;
    }
    for (TypeMirror superType : element.getInterfaces()) {
      Element superElement = types.asElement(superType);
      if (superElement instanceof TypeElement && isEphemeral((TypeElement) superElement)) {
        return true;
      }
    }
    return false;
  }

}
