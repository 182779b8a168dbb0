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
 *
 * <p>The graph comes either as Jackson's tree or, from text, as the Java values of {@link
 * JsonReader}, which reads plain JSON faster than Jackson builds its tree, into maps and strings
 * that make the lookups here cheap (text it does not take is parsed by Jackson). The helpers at
 * the end ({@link #get}, {@link #isText}, ...) ask both forms the same questions, so both give the
 * same ops and the same errors.
 */
final class GraphJsonReader {
  private static final ObjectMapper MAPPER = JsonMapper.builder(
          JsonFactory.builder()
              .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // Python writes NaN and Infinity
              .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
              .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** What {@link #get} returns for an absent member, told apart from a JSON null. */
  private static final Object MISSING = new Object();

  private final Object nodesJson;
  private final OpCatalogue catalogue;
  private final List<String> outputs = new ArrayList<>();
  // The nodes entered so far, by uuid: beside JsonReader's map of nodes, at the same positions
  // (JsonMap.position finds the very uuid strings it read by identity); for Jackson's tree, hashed.
  private final Node[] nodesByPosition;
  private final Map<String, Node> nodesByUuid;
  private int nodeCount;
  private final List<Node> preOrder = new ArrayList<>();
  private final List<Node> postOrder = new ArrayList<>();

  /** One node of the graph JSON and, once rebuilt, its op. */
  private static final class Node {
    final String uuid;
    final Object json; // an object
    final OpType<?> type;
    final Object[] values; // of type.fields(), looked up once: MISSING where absent
    final List<String> inputs; // uuids, in field order, with repeats
    final Node[] inputNodes; // their nodes, found by the traversal
    int nextInput; // traversal: the next input to visit; build: the next input to use
    boolean done; // traversal: every input visited (a node seen but not done is on the stack)
    OpSpec op;
    NodeCheck check; // verify() only

    Node(String uuid, Object json, OpType<?> type, Object[] values, List<String> inputs) {
      this.uuid = uuid;
      this.json = json;
      this.type = type;
      this.values = values;
      this.inputs = inputs;
      this.inputNodes = new Node[inputs.size()];
    }

    String name() {
      return uuid + " (" + type.wireName() + ")";
    }
  }

  /** A reader of a parsed tree; null stands for no tree at all. */
  GraphJsonReader(JsonNode graph, OpCatalogue catalogue) {
    this(catalogue, graph == null ? MISSING : graph);
  }

  /** A reader of graph JSON text: read by {@link JsonReader}, or by Jackson where JsonReader leaves it. */
  GraphJsonReader(String json, OpCatalogue catalogue) {
    this(catalogue, javaOrTree(Objects.requireNonNull(json, "json")));
  }

  private static Object javaOrTree(String json) {
    Object graph = JsonReader.read(json);
    return graph != JsonReader.NOT_READ ? graph : parse(json);
  }

  /** @param graph a JsonNode, JsonReader's Java value (a JSON null is null), or {@link #MISSING} */
  private GraphJsonReader(OpCatalogue catalogue, Object graph) {
    this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
    if (!isObject(graph)) {
      throw new GraphFormatException("Graph JSON must be an object {\"outputs\": [uuid, ...], \"nodes\": {uuid: {...}}}, got "
          + describe(graph));
    }
    Object outputsJson = get(graph, "outputs");
    if (!isArray(outputsJson)) {
      throw new GraphFormatException("Graph JSON \"outputs\" must be a list of op uuids, got " + describe(outputsJson));
    }
    for (int i = 0; i < size(outputsJson); i++) {
      Object output = element(outputsJson, i);
      if (!isText(output)) {
        throw new GraphFormatException("Graph JSON \"outputs\" must be a list of op uuids; entry " + i + " is " + describe(output));
      }
      outputs.add(text(output));
    }
    nodesJson = get(graph, "nodes");
    if (!isObject(nodesJson)) {
      throw new GraphFormatException("Graph JSON \"nodes\" must be an object from uuid to node, got " + describe(nodesJson));
    }
    nodesByPosition = nodesJson instanceof JsonMap ? new Node[size(nodesJson)] : null;
    nodesByUuid = nodesByPosition == null ? new HashMap<>() : null;
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
      ops.add(node(output).op);
    }
    return ops;
  }

  List<NodeCheck> verify() {
    for (Node node : postOrder) {
      node.check = check(node);
    }
    List<NodeCheck> inPreOrder = new ArrayList<>(preOrder.size());
    for (Node node : preOrder) {
      inPreOrder.add(node.check);
    }
    return inPreOrder;
  }

  /** Rebuilds one node whose inputs were checked; sets its op only if it verifies. */
  private NodeCheck check(Node node) {
    String wire = node.type.wireName();
    for (Node input : node.inputNodes) {
      if (input.op == null) {
        return new NodeCheck(node.uuid, wire, Status.SKIPPED, input.uuid, null);
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
      if (node(output) != null) {
        continue;
      }
      Deque<Node> stack = new ArrayDeque<>();
      stack.push(enter(output, null));
      while (!stack.isEmpty()) {
        Node node = stack.peek();
        if (node.nextInput < node.inputs.size()) {
          String input = node.inputs.get(node.nextInput);
          Node seen = node(input);
          if (seen == null) {
            seen = enter(input, node);
            stack.push(seen);
          } else if (!seen.done) {
            throw new GraphFormatException("Cycle detected in graph at node " + input);
          }
          node.inputNodes[node.nextInput++] = seen;
        } else {
          stack.pop();
          node.done = true;
          postOrder.add(node);
        }
      }
    }
    if (nodeCount < size(nodesJson)) {
      Set<String> unreachable = new LinkedHashSet<>();
      for (String uuid : names(nodesJson)) {
        if (node(uuid) == null) {
          unreachable.add(uuid);
        }
      }
      throw new GraphFormatException("Unreachable nodes in graph: " + unreachable
          + " (not an output and no output depends on them)");
    }
  }

  /** The node entered under {@code uuid}, or null. */
  private Node node(String uuid) {
    if (nodesByPosition == null) {
      return nodesByUuid.get(uuid);
    }
    int at = ((JsonMap) nodesJson).position(uuid, -1);
    return at < 0 ? null : nodesByPosition[at];
  }

  /** @param user the node that has this one as an input, or null for an output */
  private Node enter(String uuid, Node user) {
    int position = -1;
    Object json;
    if (nodesByPosition == null) {
      json = get(nodesJson, uuid);
    } else {
      position = ((JsonMap) nodesJson).position(uuid, -1);
      json = position < 0 ? MISSING : ((JsonMap) nodesJson).value(position);
    }
    if (json == MISSING) {
      String referencedAs = user == null ? "listed in \"outputs\"" : "an input of " + user.name();
      throw new GraphFormatException("Node with UUID " + uuid + " not found in graph data. (It is " + referencedAs + ".)");
    }
    if (!isObject(json)) {
      throw new GraphFormatException("Node " + uuid + " must be a JSON object, got " + describe(json));
    }
    Object typeJson = json instanceof JsonMap ? member((JsonMap) json, "type", 0) : get(json, "type"); // usually first
    if (!isText(typeJson)) {
      throw new GraphFormatException("Node " + uuid + " has no \"type\" (the wire name of its op class, e.g. \"SelectTextColumnOp\")"
          + (typeJson == MISSING ? "" : ", got " + describe(typeJson)));
    }
    String typeName = text(typeJson);
    OpType<?> type = catalogue.find(typeName).orElseThrow(() -> new GraphFormatException(
        "Class with name " + typeName + " not found among the op types on the classpath (node " + uuid + ")."
            + " The module that declares it may be missing from the classpath.",
        new ClassNotFoundException(typeName)));
    Object[] values = fieldValues(json, type.fields());
    Node node = new Node(uuid, json, type, values, inputUuids(uuid, values, type));
    if (nodesByPosition == null) {
      nodesByUuid.put(uuid, node);
    } else {
      nodesByPosition[position] = node;
    }
    nodeCount++;
    preOrder.add(node);
    return node;
  }

  /** The values of {@code fields} in a node, {@link #MISSING} where absent. */
  private static Object[] fieldValues(Object json, List<FieldSpec> fields) {
    Object[] values = new Object[fields.size()];
    if (json instanceof JsonMap) {
      // Graph JSON lists a node's fields in declaration order after "type", as Python and
      // GraphJsonWriter write them, so each field is looked for first just after the previous one.
      JsonMap map = (JsonMap) json;
      int next = map.position("type", 0) + 1;
      for (int i = 0; i < values.length; i++) {
        int at = map.position(fields.get(i).name(), next);
        values[i] = at < 0 ? MISSING : map.value(at);
        next = at + 1;
      }
    } else {
      for (int i = 0; i < values.length; i++) {
        values[i] = get(json, fields.get(i).name());
      }
    }
    return values;
  }

  /** The uuids held by the node's input fields, in field order; checks that they are strings. */
  private static List<String> inputUuids(String uuid, Object[] values, OpType<?> type) {
    List<String> inputs = new ArrayList<>();
    List<FieldSpec> fields = type.fields();
    for (int f = 0; f < values.length; f++) {
      FieldSpec field = fields.get(f);
      if (!field.isInput()) {
        continue;
      }
      Object value = values[f];
      if (value == MISSING || isNull(value)) {
        continue;
      }
      switch (field.kind()) {
        case INPUT:
          if (!isText(value)) {
            throw notUuid(uuid, type, field.name(), "the uuid string of an op", value);
          }
          inputs.add(text(value));
          break;
        case INPUT_LIST:
          if (!isArray(value)) {
            throw notUuid(uuid, type, field.name(), "a list of op uuids", value);
          }
          for (int i = 0; i < size(value); i++) {
            Object element = element(value, i);
            if (!isText(element)) {
              throw notUuid(uuid, type, field.name() + "[" + i + "]", "the uuid string of an op", element);
            }
            inputs.add(text(element));
          }
          break;
        default:
          if (!isObject(value)) {
            throw notUuid(uuid, type, field.name(), "an object of op uuids", value);
          }
          for (String key : names(value)) {
            Object member = get(value, key);
            if (!isText(member)) {
              throw notUuid(uuid, type, field.name() + "[\"" + key + "\"]", "the uuid string of an op", member);
            }
            inputs.add(text(member));
          }
      }
    }
    return inputs;
  }

  private static GraphFormatException notUuid(String uuid, OpType<?> type, String field, String expected, Object value) {
    return new GraphFormatException("Node " + uuid + " (" + type.wireName() + "): input field " + field
        + " must hold " + expected + ", got " + describe(value));
  }

  // ------------------------------------------------------------------ pass 2: ops

  /** The node's op, from every field present; the builder supplies defaults and checks values. */
  private OpSpec build(Node node) {
    OpBuilder<?> builder = node.type.newBuilder();
    node.nextInput = 0; // inputValue takes node.inputNodes in turn
    try {
      List<FieldSpec> fields = node.type.fields();
      for (int f = 0; f < node.values.length; f++) {
        FieldSpec field = fields.get(f);
        Object value = node.values[f];
        if (value != MISSING) {
          builder.set(field.name(), field.isInput() ? inputValue(node, field, value) : toJava(value));
        }
      }
      return builder.build();
    } catch (RuntimeException e) { // OpValidationException, or whatever an op's own @Check throws
      throw new GraphFormatException("Node " + node.name() + " cannot be rebuilt: " + e.getMessage(), e);
    }
  }

  /**
   * The built op(s) an input field names; shapes were checked in pass 1, which found their nodes
   * in this same order (fields in order, list and map entries in order).
   */
  private Object inputValue(Node node, FieldSpec field, Object value) {
    if (isNull(value)) {
      return null;
    }
    switch (field.kind()) {
      case INPUT:
        return node.inputNodes[node.nextInput++].op;
      case INPUT_LIST:
        List<OpSpec> list = new ArrayList<>(size(value));
        for (int i = 0; i < size(value); i++) {
          list.add(node.inputNodes[node.nextInput++].op);
        }
        return list;
      default:
        Map<String, OpSpec> map = new LinkedHashMap<>();
        for (String key : names(value)) {
          map.put(key, node.inputNodes[node.nextInput++].op);
        }
        return map;
    }
  }

  /**
   * A JSON value as Java: ints as Integer, Long or BigInteger by size, floats as Double, arrays as
   * List, objects as LinkedHashMap (in order). Recursion is bounded by the parser's nesting limit.
   * JsonReader's values are Java already (equal ones, in its own immutable lists and maps).
   */
  static Object toJava(Object value) {
    return value instanceof JsonNode ? toJava((JsonNode) value) : value;
  }

  static Object toJava(JsonNode value) {
    return toJava(value, 0);
  }

  /**
   * How deep a value in a graph may nest: the ops' checks, hashing and writing recurse per level,
   * so deeper values are a clear error rather than a StackOverflowError (a result can nest at most
   * 64 levels anyway, see ParquetResults.MAX_NESTING).
   */
  static final int MAX_VALUE_DEPTH = 128;

  private static Object toJava(JsonNode value, int depth) {
    if (depth > MAX_VALUE_DEPTH) {
      throw new GraphFormatException("Graph JSON holds a value nested more than " + MAX_VALUE_DEPTH
          + " levels deep; flatten it or store it as a JSON string column");
    }
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
        value.forEach(element -> list.add(toJava(element, depth + 1)));
        return list;
      case OBJECT:
        Map<String, Object> map = new LinkedHashMap<>();
        value.properties().forEach(entry -> map.put(entry.getKey(), toJava(entry.getValue(), depth + 1)));
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
    names(node.json).forEach(keys::add);
    out.beginObject();
    for (String key : keys) {
      Object value = get(node.json, key);
      if (value != MISSING) {
        out.name(key).json(toJava(value));
      }
    }
    out.endObject();
  }

  // ------------------------------------------------------------------ both forms of JSON

  private static boolean isObject(Object value) {
    return value instanceof Map || value instanceof JsonNode && ((JsonNode) value).isObject();
  }

  private static boolean isArray(Object value) {
    return value instanceof List || value instanceof JsonNode && ((JsonNode) value).isArray();
  }

  private static boolean isText(Object value) {
    return value instanceof String || value instanceof JsonNode && ((JsonNode) value).isTextual();
  }

  /** A JSON null; not an absent member ({@link #MISSING}). */
  private static boolean isNull(Object value) {
    return value == null || value instanceof JsonNode && ((JsonNode) value).isNull();
  }

  private static String text(Object text) {
    return text instanceof String ? (String) text : ((JsonNode) text).textValue();
  }

  /** {@link #get} for JsonReader's maps, looking first at the position {@code guess}. */
  private static Object member(JsonMap object, String key, int guess) {
    int at = object.position(key, guess);
    return at < 0 ? MISSING : object.value(at);
  }

  /** The member {@code key} of an object, or {@link #MISSING}. */
  private static Object get(Object object, String key) {
    if (object instanceof Map) {
      Map<?, ?> map = (Map<?, ?>) object;
      Object value = map.get(key);
      return value != null || map.containsKey(key) ? value : MISSING;
    }
    JsonNode value = ((JsonNode) object).get(key);
    return value != null ? value : MISSING;
  }

  /** The member names of an object, in order. */
  @SuppressWarnings("unchecked")
  private static Iterable<String> names(Object object) {
    return object instanceof Map ? ((Map<String, ?>) object).keySet() : ((JsonNode) object)::fieldNames;
  }

  /** The number of elements of an array, or of members of an object. */
  private static int size(Object container) {
    return container instanceof List ? ((List<?>) container).size()
        : container instanceof Map ? ((Map<?, ?>) container).size()
        : ((JsonNode) container).size();
  }

  private static Object element(Object array, int i) {
    return array instanceof List ? ((List<?>) array).get(i) : ((JsonNode) array).get(i);
  }

  /** {@code number 5}, {@code object {"a":1}}, {@code nothing}: a JSON value for an error message. */
  private static String describe(Object value) {
    if (value == MISSING) {
      return "nothing";
    }
    if (value == null) {
      return "null";
    }
    // JsonReader's values are those Jackson reads from the same text, so they print as its tree does.
    return describe(value instanceof JsonNode ? (JsonNode) value : MAPPER.<JsonNode>valueToTree(value));
  }

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
