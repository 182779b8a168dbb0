package krnel.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/** Spells a JSON-like parameter type as a runtime {@code JsonShape}, which checks and copies values. */
final class JsonShapes {
  private static final ClassName JSON_SHAPE = ClassName.get(RuntimeNames.GRAPH, "JsonShape");

  private JsonShapes() {}

  /** Only called for types that {@link TypeClassifier} accepted as JSON-like. */
  static CodeBlock of(TypeMirror type) {
    switch (type.getKind()) {
      case INT:
        return leaf("INT");
      case LONG:
        return leaf("LONG");
      case DOUBLE:
        return leaf("DOUBLE");
      case BOOLEAN:
        return leaf("BOOLEAN");
      default:
        break;
    }
    DeclaredType declared = (DeclaredType) type;
    String name = ((TypeElement) declared.asElement()).getQualifiedName().toString();
    switch (name) {
      case "java.lang.String":
        return leaf("STRING");
      case "java.lang.Integer":
        return leaf("INT");
      case "java.lang.Long":
        return leaf("LONG");
      case "java.lang.Double":
        return leaf("DOUBLE");
      case "java.lang.Boolean":
        return leaf("BOOLEAN");
      case "java.lang.Number":
        return leaf("NUMBER");
      case "java.util.List":
        return CodeBlock.of("$T.list($L)", JSON_SHAPE, of(declared.getTypeArguments().get(0)));
      case "java.util.Map":
        return CodeBlock.of("$T.map($L)", JSON_SHAPE, of(declared.getTypeArguments().get(1)));
      default:
        return leaf("ANY");
    }
  }

  private static CodeBlock leaf(String constant) {
    return CodeBlock.of("$T.$L", JSON_SHAPE, constant);
  }
}
