package krnel.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import krnel.graph.OpSpec;

/** Names an input as the local runner's errors do: {@code KeywordCountOp.text}, {@code CombineOp.inputs[1]}. */
final class InputNames {
  private InputNames() {}

  static String describe(OpSpec op, OpSpec input) {
    List<String> fields = new ArrayList<>();
    op.forEachField((field, value) -> {
      if (value instanceof OpSpec spec && spec.uuid().equals(input.uuid())) {
        fields.add(field.name());
      } else if (value instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          if (list.get(i) instanceof OpSpec spec && spec.uuid().equals(input.uuid())) {
            fields.add(field.name() + "[" + i + "]");
          }
        }
      } else if (value instanceof Map<?, ?> map) {
        map.forEach((key, element) -> {
          if (element instanceof OpSpec spec && spec.uuid().equals(input.uuid())) {
            fields.add(field.name() + "[\"" + key + "\"]");
          }
        });
      }
    });
    return fields.isEmpty() ? op.wireName() + " input " + input.wireName() : op.wireName() + "." + String.join("/", fields);
  }
}
