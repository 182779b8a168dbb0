package krnel.processor;

import com.palantir.javapoet.ClassName;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;

/**
 * Everything the writers need to know about one op, validated.
 *
 * @param element the {@code @Op} interface
 * @param wireName its wire name
 * @param fluentName the fluent method name, or null for none
 * @param fields the fields in declaration order, inherited ones first
 * @param checks the {@code @Check} methods to call once the op is built
 * @param ephemeral whether the op is ephemeral
 */
record OpModel(TypeElement element, String wireName, String fluentName, List<FieldModel> fields, List<String> checks, boolean ephemeral) {

  ClassName interfaceName() {
    return ClassName.get(element);
  }

  ClassName implName() {
    ClassName declared = interfaceName();
    return ClassName.get(declared.packageName(), "Immutable" + String.join("", declared.simpleNames()));
  }

  /** The first field, if it is a single input: the column this op's fluent method hangs on. */
  Optional<FieldModel> receiver() {
    return fields.stream().filter(f -> f.kind().isInput()).findFirst().filter(f -> f.kind() == ValueKind.INPUT);
  }

  boolean hasOptionalFields() {
    return fields.stream().anyMatch(f -> !f.isRequired());
  }
}
