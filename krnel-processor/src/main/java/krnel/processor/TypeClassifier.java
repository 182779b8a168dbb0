package krnel.processor;

import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Decides how a field type is handled: which parameter kind, or which shape of input edge. The
 * supported types are exactly those with one canonical JSON spelling.
 */
final class TypeClassifier {

  /**
   * The verdict. Either {@code kind} is set, or {@code problem} explains what to use instead; for an
   * input typed as a class, {@code inputClass} names the class.
   */
  record Classified(ValueKind kind, TypeElement inputType, TypeElement enumType, String problem, TypeElement inputClass) {
    static Classified of(ValueKind kind) {
      return new Classified(kind, null, null, null, null);
    }

    static Classified problem(String problem) {
      return new Classified(null, null, null, problem, null);
    }
  }

  private final Types types;
  private final Elements elements;
  private final TypeMirror opSpec;

  TypeClassifier(Types types, Elements elements, TypeMirror opSpec) {
    this.types = types;
    this.elements = elements;
    this.opSpec = opSpec;
  }

  Classified classify(TypeMirror type) {
    switch (type.getKind()) {
      case INT:
        return Classified.of(ValueKind.INT);
      case LONG:
        return Classified.of(ValueKind.LONG);
      case DOUBLE:
        return Classified.of(ValueKind.DOUBLE);
      case BOOLEAN:
        return Classified.of(ValueKind.BOOLEAN);
      case ARRAY:
        return Classified.problem("Arrays are mutable and have no canonical form: use List<...> instead");
      case DECLARED:
        return classifyDeclared((DeclaredType) type);
      default:
        if (type.getKind().isPrimitive()) {
          return Classified.problem("Use int, long, double or boolean: Python has no " + type + " type");
        }
        return Classified.problem("Use String, a number, boolean, an enum, List/Map of those, or an op type");
    }
  }

  private Classified classifyDeclared(DeclaredType type) {
    TypeElement element = (TypeElement) type.asElement();
    String name = element.getQualifiedName().toString();
    switch (name) {
      case "java.lang.String":
        return Classified.of(ValueKind.STRING);
      case "java.lang.Integer":
        return Classified.of(ValueKind.INT);
      case "java.lang.Long":
        return Classified.of(ValueKind.LONG);
      case "java.lang.Double":
        return Classified.of(ValueKind.DOUBLE);
      case "java.lang.Boolean":
        return Classified.of(ValueKind.BOOLEAN);
      case "java.lang.Number":
        return Classified.of(ValueKind.NUMBER);
      case "java.lang.Object":
        return Classified.of(ValueKind.JSON);
      case "java.util.List":
        return classifyList(type.getTypeArguments());
      case "java.util.Map":
        return classifyMap(type.getTypeArguments());
      case "java.util.Set":
      case "java.util.SortedSet":
      case "java.util.Collection":
        return Classified.problem("Sets and collections have no canonical order: use List<...> (sort it if order does not matter)");
      case "java.util.Optional":
        return Classified.problem("Use the value type annotated @Nullable instead of Optional");
      default:
        break;
    }
    if (element.getKind() == ElementKind.ENUM) {
      return new Classified(ValueKind.ENUM, null, element, null, null);
    }
    if (isOp(type)) {
      if (element.getKind() != ElementKind.INTERFACE) {
        return new Classified(null, null, null, firstInterface(element), element);
      }
      return new Classified(ValueKind.INPUT, element, null, null, null);
    }
    return Classified.problem("Use String, a number, boolean, an enum, List/Map of those, Object for JSON-like data, or an op type");
  }

  private Classified classifyList(List<? extends TypeMirror> arguments) {
    if (arguments.size() != 1) {
      return Classified.problem("Give the list an element type, e.g. List<String>");
    }
    TypeMirror element = arguments.get(0);
    if (isOp(element)) {
      Classified single = classify(element);
      return single.problem() != null ? single
          : new Classified(ValueKind.INPUT_LIST, single.inputType(), null, null, null);
    }
    return jsonContainer(element);
  }

  private Classified classifyMap(List<? extends TypeMirror> arguments) {
    if (arguments.size() != 2 || !isString(arguments.get(0))) {
      return Classified.problem("Map keys must be String: JSON objects have string keys");
    }
    TypeMirror value = arguments.get(1);
    if (isOp(value)) {
      Classified single = classify(value);
      return single.problem() != null ? single
          : new Classified(ValueKind.INPUT_MAP, single.inputType(), null, null, null);
    }
    return jsonContainer(value);
  }

  /** A list or map of parameters is JSON-like data if its elements are. */
  private Classified jsonContainer(TypeMirror element) {
    if (element.getKind() == TypeKind.WILDCARD) {
      return Classified.problem("Use a concrete element type (Object for any JSON-like value) instead of a wildcard");
    }
    Classified inner = classify(element);
    if (inner.problem() != null) {
      return inner;
    }
    if (inner.kind() == ValueKind.ENUM) {
      return Classified.problem("Enums inside lists or maps are not supported; use String values");
    }
    return Classified.of(ValueKind.JSON);
  }

  private boolean isOp(TypeMirror type) {
    return opSpec != null && type.getKind() == TypeKind.DECLARED && types.isAssignable(types.erasure(type), opSpec);
  }

  private boolean isString(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().contentEquals("java.lang.String");
  }

  /** For an input typed as a class, the op interface it implements, to suggest instead. */
  private String firstInterface(TypeElement element) {
    for (TypeMirror superType : element.getInterfaces()) {
      Element e = types.asElement(superType);
      if (e != null && isOp(superType)) {
        return e.getSimpleName().toString();
      }
    }
    return "TextColumn";
  }
}
