package krnel.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;

/** The runtime classes that generated code refers to. */
final class RuntimeNames {
  private RuntimeNames() {}

  static final String GRAPH = "krnel.graph";
  static final ClassName OP_SPEC = ClassName.get(GRAPH, "OpSpec");
  static final ClassName ABSTRACT_OP = ClassName.get(GRAPH, "AbstractOp");
  static final ClassName OP_TYPE = ClassName.get(GRAPH, "OpType");
  static final ClassName OP_BUILDER = ClassName.get(GRAPH, "OpBuilder");
  static final ClassName FIELD_SPEC = ClassName.get(GRAPH, "FieldSpec");
  static final ClassName FIELD_KIND = FIELD_SPEC.nestedClass("Kind");
  static final ClassName FIELD_VISITOR = ClassName.get(GRAPH, "FieldVisitor");
  static final ClassName JSON_WRITER = ClassName.get(GRAPH, "JsonWriter");
  static final ClassName JSON_LITERAL = JSON_WRITER.nestedClass("Literal");
  static final ClassName SUBSTITUTION = ClassName.get(GRAPH, "Substitution");
  static final ClassName SUBSTITUTIONS = ClassName.get(GRAPH, "Substitutions");
  static final ClassName VALUES = ClassName.get(GRAPH, "Values");
  static final ClassName ENUM_WIRE = ClassName.get(GRAPH, "EnumWire");

  static final AnnotationSpec GENERATED = AnnotationSpec.builder(ClassName.get("javax.annotation.processing", "Generated"))
      .addMember("value", "$S", OpProcessor.class.getName())
      .build();
}
