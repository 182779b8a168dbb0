package krnel.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/** Writes graph JSON; see {@link GraphJson#write(List)}. */
final class GraphJsonWriter {
  private GraphJsonWriter() {}

  static String write(List<? extends OpSpec> outputs) {
    JsonWriter out = JsonWriter.pretty();
    out.beginObject().name("outputs").beginArray();
    for (OpSpec output : outputs) {
      out.value(Objects.requireNonNull(output, "an output op is null").uuid());
    }
    out.endArray().name("nodes").beginObject();
    for (OpSpec op : preOrder(outputs)) {
      out.name(op.uuid());
      writeNode(out, op);
    }
    return out.endObject().endObject().toString();
  }

  /**
   * Every op of the graphs of {@code roots}, each before its inputs, inputs in field order, each
   * op once: the order of Python's recursive {@code graph_serialize}. A stack of ops still to visit
   * replaces the recursion; inputs are pushed in reverse so the first is visited first.
   */
  static List<OpSpec> preOrder(List<? extends OpSpec> roots) {
    List<OpSpec> order = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Deque<OpSpec> pending = new ArrayDeque<>();
    for (OpSpec root : roots) {
      pending.push(root);
      while (!pending.isEmpty()) {
        OpSpec op = pending.pop();
        if (!seen.add(op.uuid())) {
          continue;
        }
        order.add(op);
        List<OpSpec> inputs = Graph.inputs(op);
        for (int i = inputs.size() - 1; i >= 0; i--) {
          if (!seen.contains(inputs.get(i).uuid())) {
            pending.push(inputs.get(i));
          }
        }
      }
    }
    return order;
  }

  /**
   * A node's entry in graph JSON, {@code "<uuid>": {...}}, as lines without the enclosing
   * indentation: what mismatch diffs compare. The uuid line shows a mismatch even when the saved
   * node's content was edited and the rebuilt op has the same content.
   */
  static List<String> entryLines(String uuid, Consumer<JsonWriter> node) {
    JsonWriter out = JsonWriter.pretty().beginObject().name(uuid);
    node.accept(out);
    String[] lines = out.endObject().toString().split("\n", -1);
    List<String> entry = new ArrayList<>(lines.length);
    for (int i = 1; i < lines.length - 1; i++) {
      entry.add(lines[i].substring(2));
    }
    return entry;
  }

  /**
   * {@code {"type": wire name, field: value, ...}}, fields in declaration order; an {@code @OmitWhenNull}
   * field only when set, so that the node is the reference's.
   */
  @SuppressWarnings("unchecked")
  static void writeNode(JsonWriter out, OpSpec op) {
    out.beginObject().name("type").value(op.wireName());
    op.forEachField((field, value) -> {
      if (value == null && field.omittedWhenNull()) {
        return;
      }
      out.name(field.name());
      if (value == null) {
        out.nullValue();
        return;
      }
      switch (field.kind()) {
        case INPUT:
          out.op((OpSpec) value);
          break;
        case INPUT_LIST:
          out.ops((List<? extends OpSpec>) value);
          break;
        case INPUT_MAP:
          out.opMap((Map<String, ? extends OpSpec>) value);
          break;
        default:
          if (value instanceof Enum<?>) {
            out.value(EnumWire.nameOf((Enum<?>) value));
          } else {
            out.json(value);
          }
      }
    });
    out.endObject();
  }
}
