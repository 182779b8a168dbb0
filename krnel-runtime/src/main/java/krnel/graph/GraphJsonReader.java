package krnel.graph;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import krnel.graph.GraphJson.NodeCheck;
import krnel.graph.GraphJson.Status;

/**
 * Reads graph JSON; see {@link GraphJson#read(JsonNode, OpCatalogue)}. One reader handles one
 * graph in two passes. The first walks the nodes from the outputs (depth first, with an explicit
 * stack), finding each node's op type and input uuids, and checks the graph's shape: every node
 * present, no cycle, none unreachable. The second rebuilds the ops in post-order, so each node's
 * inputs are built before it, and checks each uuid.
 */
final class GraphJsonReader {
  private static final ObjectMapper MAPPER = JsonMapper.builder(
          JsonFactory.builder()
              .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // Python writes NaN and Infinity
              .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
              .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private final JsonNode nodesJson;
  private final OpCatalogue catalogue;
  private final List<String> outputs = new ArrayList<>();
  private final Map<String, Node> nodes = new HashMap<>();
  private final List<Node> preOrder = new ArrayList<>();
  private final List<Node> postOrder = new ArrayList<>();

  /** One node of the graph JSON and, once rebuilt, its op. */
  private static final class Node {
    final String uuid;
    final JsonNode json;
    final OpType<?> type;
    final List<String> inputs; // uuids, in field order, with repeats
    int nextInput; // traversal: the next input to visit
    boolean done; // traversal: every input visited (a node seen but not done is on the stack)
    OpSpec op;

    Node(String uuid, JsonNode json, OpType<?> type, List<String> inputs) {
      this.uuid = uuid;
      this.json = json;
      this.type = type;
      this.inputs = inputs;
    }

    String name() {
      return uuid + " (" + type.wireName() + ")";
    }
  }

  GraphJsonReader(JsonNode graph, OpCatalogue catalogue) {
    this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
    if (graph == null || !graph.isObject()) {
      throw new GraphFormatException("Graph JSON must be an object {\"outputs\": [uuid, ...], \"nodes\": {uuid: {...}}}, got "
          + describe(graph));
    }
    JsonNode outputsJson = graph.get("outputs");
    if (outputsJson == null || !outputsJson.isArray()) {
      throw new GraphFormatException("Graph JSON \"outputs\" must be a list of op uuids, got " + describe(outputsJson));
    }
    for (int i = 0; i < outputsJson.size(); i++) {
      JsonNode output = outputsJson.get(i);
      if (!output.isTextual()) {
        throw new GraphFormatException("Graph JSON \"outputs\" must be a list of op uuids; entry " + i + " is " + describe(output));
      }
      outputs.add(output.textValue());
    }
    nodesJson = graph.get("nodes");
    if (nodesJson == null || !nodesJson.isObject()) {
      throw new GraphFormatException("Graph JSON \"nodes\" must be an object from uuid to node, got " + describe(nodesJson));
    }
    traverse();
  }

  static JsonNode parse(String json) {
    Objects.requireNonNull(json, "json");
    try {
      JsonNode tree = MAPPER.readTree(json);
      if (tree == null || tree.isMissingNode()) {
        throw new GraphFormatException("Graph JSON is empty");
      }
      return tree;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new GraphFormatException("Graph JSON is not valid JSON: " + e.getOriginalMessage()
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), e);
    }
  }

  List<OpSpec> read() {
    for (Node node : postOrder) {
      OpSpec op = build(node);
      if (!op.uuid().equals(node.uuid)) {
        throw new UuidMismatchException(node.uuid, op.uuid(), diff(node, op));
      }
      node.op = op;
    }
    List<OpSpec> ops = new ArrayList<>(outputs.size());
    for (String output : outputs) {
      ops.add(nodes.get(output).op);
    }
    return ops;
  }

  List<NodeCheck> verify() {
    Map<String, NodeCheck> checks = new HashMap<>();
    for (Node node : postOrder) {
      checks.put(node.uuid, check(node));
    }
    List<NodeCheck> inPreOrder = new ArrayList<>(preOrder.size());
    for (Node node : preOrder) {
      inPreOrder.add(checks.get(node.uuid));
    }
    return inPreOrder;
  }

  /** Rebuilds one node whose inputs were checked; sets its op only if it verifies. */
  private NodeCheck check(Node node) {
    String wire = node.type.wireName();
    for (String input : node.inputs) {
      if (nodes.get(input).op == null) {
        return new NodeCheck(node.uuid, wire, Status.SKIPPED, input, null);
      }
    }
    OpSpec op;
    try {
      op = build(node);
    } catch (GraphFormatException e) {
      return new NodeCheck(node.uuid, wire, Status.INVALID, e.getMessage(), null);
    }
    if (!op.uuid().equals(node.uuid)) {
      return new NodeCheck(node.uuid, wire, Status.MISMATCH, diff(node, op), op);
    }
    node.op = op;
    return new NodeCheck(node.uuid, wire, Status.OK, null, op);
  }

  // ------------------------------------------------------------------ pass 1: shape

  /** Depth-first from each output; a node is entered once, in pre-order, and done in post-order. */
  private void traverse() {
    for (String output : outputs) {
      if (nodes.containsKey(output)) {
        continue;
      }
      Deque<Node> stack = new ArrayDeque<>();
      stack.push(enter(output, "listed in \"outputs\""));
      while (!stack.isEmpty()) {
        Node node = stack.peek();
        if (node.nextInput < node.inputs.size()) {
          String input = node.inputs.get(node.nextInput++);
          Node seen = nodes.get(input);
          if (seen == null) {
            stack.push(enter(input, "an input of " + node.name()));
          } else if (!seen.done) {
            throw new GraphFormatException("Cycle detected in graph at node " + input);
          }
        } else {
          stack.pop();
          node.done = true;
          postOrder.add(node);
        }
      }
    }
    Set<String> unreachable = new LinkedHashSet<>();
    nodesJson.fieldNames().forEachRemaining(uuid -> {
      if (!nodes.containsKey(uuid)) {
        unreachable.add(uuid);
      }
    });
    if (!unreachable.isEmpty()) {
      throw new GraphFormatException("Unreachable nodes in graph: " + unreachable
          + " (not an output and no output depends on them)");
    }
  }

  private Node enter(String uuid, String referencedAs) {
    JsonNode json = nodesJson.get(uuid);
    if (json == null) {
      throw new GraphFormatException("Node with UUID " + uuid + " not found in graph data. (It is " + referencedAs + ".)");
    }
    if (!json.isObject()) {
      throw new GraphFormatException("Node " + uuid + " must be a JSON object, got " + describe(json));
    }
    JsonNode typeJson = json.get("type");
    if (typeJson == null || !typeJson.isTextual()) {
      throw new GraphFormatException("Node " + uuid + " has no \"type\" (the wire name of its op class, e.g. \"SelectTextColumnOp\")"
          + (typeJson == null ? "" : ", got " + describe(typeJson)));
    }
    String typeName = typeJson.textValue();
    OpType<?> type = catalogue.find(typeName).orElseThrow(() -> new GraphFormatException(
        "Class with name " + typeName + " not found among the op types on the classpath (node " + uuid + ")."
            + " The module that declares it may be missing from the classpath.",
        new ClassNotFoundException(typeName)));
    Node node = new Node(uuid, json, type, inputUuids(uuid, json, type));
    nodes.put(uuid, node);
    preOrder.add(node);
    return node;
  }

  /** The uuids held by the node's input fields, in field order; checks that they are strings. */
  private static List<String> inputUuids(String uuid, JsonNode json, OpType<?> type) {
    List<String> inputs = new ArrayList<>();
    for (FieldSpec field : type.fields()) {
      JsonNode value = json.get(field.name());
      if (!field.isInput() || value == null || value.isNull()) {
        continue;
      }
      switch (field.kind()) {
        case INPUT:
          if (!value.isTextual()) {
            throw notUuid(uuid, type, field.name(), "the uuid string of an op", value);
          }
          inputs.add(value.textValue());
          break;
        case INPUT_LIST:
          if (!value.isArray()) {
            throw notUuid(uuid, type, field.name(), "a list of op uuids", value);
          }
          for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
              throw notUuid(uuid, type, field.name() + "[" + i + "]", "the uuid string of an op", value.get(i));
            }
            inputs.add(value.get(i).textValue());
          }
          break;
        default:
          if (!value.isObject()) {
            throw notUuid(uuid, type, field.name(), "an object of op uuids", value);
          }
          for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isTextual()) {
              throw notUuid(uuid, type, field.name() + "[\"" + entry.getKey() + "\"]", "the uuid string of an op", entry.getValue());
            }
            inputs.add(entry.getValue().textValue());
          }
      }
    }
    return inputs;
  }

  private static GraphFormatException notUuid(String uuid, OpType<?> type, String field, String expected, JsonNode value) {
    return new GraphFormatException("Node " + uuid + " (" + type.wireName() + "): input field " + field
        + " must hold " + expected + ", got " + describe(value));
  }

  // ------------------------------------------------------------------ pass 2: ops

  /** The node's op, from every field present; the builder supplies defaults and checks values. */
  private OpSpec build(Node node) {
    OpBuilder<?> builder = node.type.newBuilder();
    try {
      for (FieldSpec field : node.type.fields()) {
        JsonNode value = node.json.get(field.name());
        if (value != null) {
          builder.set(field.name(), field.isInput() ? inputValue(field, value) : toJava(value));
        }
      }
      return builder.build();
    } catch (RuntimeException e) { // OpValidationException, or whatever an op's own @Check throws
      throw new GraphFormatException("Node " + node.name() + " cannot be rebuilt: " + e.getMessage(), e);
    }
  }

  /** The built op(s) an input field names; shapes were checked in pass 1. */
  private Object inputValue(FieldSpec field, JsonNode value) {
    if (value.isNull()) {
      return null;
    }
    switch (field.kind()) {
      case INPUT:
        return op(value);
      case INPUT_LIST:
        List<OpSpec> list = new ArrayList<>(value.size());
        value.forEach(element -> list.add(op(element)));
        return list;
      default:
        Map<String, OpSpec> map = new LinkedHashMap<>();
        value.properties().forEach(entry -> map.put(entry.getKey(), op(entry.getValue())));
        return map;
    }
  }

  private OpSpec op(JsonNode uuid) {
    return nodes.get(uuid.textValue()).op;
  }

  /**
   * A JSON value as Java: ints as Integer, Long or BigInteger by size, floats as Double, arrays as
   * List, objects as LinkedHashMap (in order). Recursion is bounded by the parser's nesting limit.
   */
  static Object toJava(JsonNode value) {
    switch (value.getNodeType()) {
      case NULL:
        return null;
      case BOOLEAN:
        return value.booleanValue();
      case STRING:
        return value.textValue();
      case NUMBER:
        if (value.isIntegralNumber()) {
          BigInteger big = value.bigIntegerValue();
          int bits = big.bitLength();
          return bits < 32 ? (Object) big.intValue() : bits < 64 ? (Object) big.longValue() : big;
        }
        return value.doubleValue();
      case ARRAY:
        List<Object> list = new ArrayList<>(value.size());
        value.forEach(element -> list.add(toJava(element)));
        return list;
      case OBJECT:
        Map<String, Object> map = new LinkedHashMap<>();
        value.properties().forEach(entry -> map.put(entry.getKey(), toJava(entry.getValue())));
        return map;
      default:
        throw new GraphFormatException("Graph JSON holds a value that is not JSON data: " + describe(value));
    }
  }

  // ------------------------------------------------------------------ mismatch diffs

  /** The saved node's entry against the rebuilt op's, both laid out as the writer does. */
  private static String diff(Node node, OpSpec rebuilt) {
    return UnifiedDiff.of(
        GraphJsonWriter.entryLines(node.uuid, out -> writeSaved(out, node)),
        GraphJsonWriter.entryLines(rebuilt.uuid(), out -> GraphJsonWriter.writeNode(out, rebuilt)),
        "Previous (saved) " + node.uuid,
        "New (reconstructed) " + rebuilt.uuid());
  }

  /** The saved node with its keys in writer order: type, declared fields, then unknown extras. */
  private static void writeSaved(JsonWriter out, Node node) {
    Set<String> keys = new LinkedHashSet<>();
    keys.add("type");
    node.type.fields().forEach(field -> keys.add(field.name()));
    node.json.fieldNames().forEachRemaining(keys::add);
    out.beginObject();
    for (String key : keys) {
      JsonNode value = node.json.get(key);
      if (value != null) {
        out.name(key).json(toJava(value));
      }
    }
    out.endObject();
  }

  /** {@code number 5}, {@code object {"a":1}}, {@code nothing}: a JSON value for an error message. */
  private static String describe(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "nothing";
    }
    if (value.isNull()) {
      return "null";
    }
    String text = value.toString();
    if (text.length() > 60) {
      text = text.substring(0, 57) + "...";
    }
    return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + text;
  }
}
