package krnel.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * The fluent entry points of one op: required fields are positional, optional ones go in a
 * trailing options lambda that receives the builder ({@code x.trainClassifier("sgd", y, o -> o.preprocessing(...))}).
 */
final class FluentMethods {
  private final OpModel op;
  private final FieldModel receiver;
  private final List<FieldModel> required;
  private final ClassName builder;
  /** Names of the generated parameters and locals, kept apart from the fields' parameters ({@code options()} is a fine field). */
  private final String optionsName;
  private final String builderName;
  private final String inputName;

  FluentMethods(OpModel op) {
    this.op = op;
    this.receiver = op.receiver().orElseThrow();
    this.required = op.fields().stream()
        .filter(f -> f != receiver && f.isRequired())
        .collect(Collectors.toList());
    this.builder = op.implName().nestedClass("Builder");
    Set<String> taken = required.stream().map(FieldModel::javaName).collect(Collectors.toSet());
    this.optionsName = unused("options", taken);
    this.builderName = unused("builder", taken);
    this.inputName = unused("input", taken);
  }

  private static String unused(String name, Set<String> taken) {
    while (taken.contains(name)) {
      name += "_";
    }
    return name;
  }

  /** Default methods for the column type's generated {@code Fluent} interface. */
  void addDefaultMethods(TypeSpec.Builder fluent, ClassName column) {
    CodeBlock start = CodeBlock.of("($T) this", column);
    fluent.addMethod(method(Modifier.DEFAULT)
        .addStatement("return $L.build()", chain(start))
        .build());
    if (op.hasOptionalFields()) {
      fluent.addMethod(method(Modifier.DEFAULT)
          .addParameter(options(), optionsName)
          .addStatement("$T $N = $L", builder, builderName, chain(start))
          .addStatement("$N.accept($N)", optionsName, builderName)
          .addStatement("return $N.build()", builderName)
          .build());
    }
  }

  /**
   * Static factories returning a step for {@code column.then(...)}, for ops whose column type was
   * compiled elsewhere (a custom op in user code).
   */
  void addStepFactories(TypeSpec.Builder impl, ClassName stepType) {
    TypeName step = ParameterizedTypeName.get(stepType, op.interfaceName());
    impl.addMethod(method(Modifier.STATIC)
        .addJavadoc("\n<p>Use it as {@code column.then($L(...))}.\n", op.fluentName())
        .returns(step)
        .addStatement("return $N -> $L.build()", inputName, chain(CodeBlock.of("$N", inputName)))
        .build());
    if (op.hasOptionalFields()) {
      impl.addMethod(method(Modifier.STATIC)
          .returns(step)
          .addParameter(options(), optionsName)
          .addCode("return $N -> {\n$>", inputName)
          .addStatement("$T $N = $L", builder, builderName, chain(CodeBlock.of("$N", inputName)))
          .addStatement("$N.accept($N)", optionsName, builderName)
          .addStatement("return $N.build()", builderName)
          .addCode("$<};\n")
          .build());
    }
  }

  private MethodSpec.Builder method(Modifier modifier) {
    MethodSpec.Builder method = MethodSpec.methodBuilder(op.fluentName())
        .addModifiers(Modifier.PUBLIC, modifier)
        .returns(op.interfaceName())
        .addJavadoc("A {@link $T} with this column as its {@code $L}.\n", op.interfaceName(), receiver.name());
    for (FieldModel field : required) {
      method.addParameter(field.setterType(), field.javaName());
    }
    return method;
  }

  private TypeName options() {
    return ParameterizedTypeName.get(ClassName.get(Consumer.class), builder);
  }

  private CodeBlock chain(CodeBlock receiverValue) {
    CodeBlock.Builder chain = CodeBlock.builder()
        .add("$T.builder().$N($L)", op.implName(), receiver.javaName(), receiverValue);
    for (FieldModel field : required) {
      chain.add(".$N($N)", field.javaName(), field.javaName());
    }
    return chain.build();
  }
}
