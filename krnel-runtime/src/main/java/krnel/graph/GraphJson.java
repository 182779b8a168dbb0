package krnel.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * Graph JSON, the exchange format of the Python krnel-graph ({@code graph_serialize} /
 * {@code graph_deserialize}):
 *
 * <pre>{@code
 * {"outputs": [uuid, ...],
 *  "nodes": {uuid: {"type": "SelectTextColumnOp", "column_name": "text", "dataset": "LoadInlineJsonDatasetOp_da80..."}, ...}}
 * }</pre>
 *
 * <p>Each node holds every field of its op in declaration order, {@code @ExcludeFromUuid} fields
 * included, with input ops written as their uuids. Nodes are listed in pre-order: each output,
 * then its inputs in field order, each op once. Reading rebuilds every node through its op's
 * builder and checks that it hashes to the uuid it was saved under, so a graph written by either
 * library is accepted by the other only if both agree on every op's definition.
 *
 * <p>Reading and writing use explicit stacks, never recursion over the graph: a chain of 100,000
 * ops is fine.
 */
public final class GraphJson {
  private GraphJson() {}

  /**
   * The graph of {@code outputs} as indented JSON ({@code json.dumps(graph, indent=2)}'s text, so
   * Python's {@code json} reads it; ints stay ints, floats are written as Python's {@code repr}).
   */
  public static String write(List<? extends OpSpec> outputs) {
    return GraphJsonWriter.write(outputs);
  }

  /** {@link #write(List)} for a few outputs. */
  public static String write(OpSpec... outputs) {
    return GraphJsonWriter.write(List.of(outputs));
  }

  /** The ops named by {@code outputs}, in order, rebuilt with the ops on the classpath. */
  public static List<OpSpec> read(String json) {
    return read(json, OpCatalogue.load());
  }

  /**
   * The ops named by {@code outputs}, in order, each rebuilt from its node with {@code catalogue}.
   * Fields a node has but its op lacks are ignored; fields it lacks take the op's defaults.
   *
   * @throws UuidMismatchException if a rebuilt op hashes to another uuid than its node's
   * @throws GraphFormatException for malformed JSON, an unknown op type, a missing node, a cycle,
   *     an unreachable node, or a field value the op does not accept
   */
  public static List<OpSpec> read(String json, OpCatalogue catalogue) {
    return new GraphJsonReader(json, catalogue).read();
  }

  /** {@link #read(String)} from a parsed tree, which is not modified. */
  public static List<OpSpec> read(JsonNode graph) {
    return read(graph, OpCatalogue.load());
  }

  /** {@link #read(String, OpCatalogue)} from a parsed tree, which is not modified. */
  public static List<OpSpec> read(JsonNode graph, OpCatalogue catalogue) {
    return new GraphJsonReader(graph, catalogue).read();
  }

  /**
   * Rebuilds every node of the graph and reports on each, in pre-order, rather than stopping at
   * the first node that does not rebuild. A node whose input failed is {@link Status#SKIPPED}:
   * without its input's saved uuid it cannot be checked.
   *
   * @throws GraphFormatException for problems of the whole graph, which leave no node to check:
   *     malformed JSON, an unknown op type, a missing node, a cycle, an unreachable node
   */
  public static List<NodeCheck> verify(String json, OpCatalogue catalogue) {
    return new GraphJsonReader(json, catalogue).verify();
  }

  /** {@link #verify(String, OpCatalogue)} from a parsed tree, which is not modified. */
  public static List<NodeCheck> verify(JsonNode graph, OpCatalogue catalogue) {
    return new GraphJsonReader(graph, catalogue).verify();
  }

  /**
   * Parses graph JSON text the way {@link #read(String)} does ({@code NaN} and {@code Infinity}
   * allowed, as Python writes them; trailing content rejected).
   *
   * @throws GraphFormatException if the text is not one JSON value
   */
  public static JsonNode parse(String json) {
    return GraphJsonReader.parse(json);
  }

  /** How one node of a graph fared in {@link #verify}. */
  public enum Status {
    /** Rebuilt, and hashes to its saved uuid. */
    OK,
    /** Rebuilt, but hashes to another uuid: the op's definition changed. */
    MISMATCH,
    /** Its fields do not make a valid op (wrong type, missing required field, failed check). */
    INVALID,
    /** Not checked, because one of its inputs did not verify. */
    SKIPPED
  }

  /**
   * The check of one node.
   *
   * @param uuid the uuid the node was saved under
   * @param type the node's op wire name
   * @param status the outcome
   * @param detail for {@code MISMATCH} the unified diff of the saved node against the rebuilt one;
   *     for {@code INVALID} the error message; for {@code SKIPPED} the uuid of the input that did
   *     not verify; for {@code OK} null
   * @param rebuilt the rebuilt op for {@code OK} and {@code MISMATCH}, else null
   */
  public record NodeCheck(String uuid, String type, Status status, String detail, OpSpec rebuilt) {
    public NodeCheck {
      Objects.requireNonNull(uuid, "uuid");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(status, "status");
    }

    public boolean ok() {
      return status == Status.OK;
    }
  }
}
