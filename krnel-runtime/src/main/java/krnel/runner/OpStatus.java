package krnel.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import krnel.graph.GraphJson;
import krnel.graph.OpSpec;

/**
 * The stored state of one op: {@code status.json}. The reference's fields ({@code op} as a whole
 * graph, {@code state}, {@code time_started}, {@code time_completed}) come first, so the Python
 * library reads our statuses; {@code error} and {@code implementation_version} are ours, and the
 * reference ignores them, as it ignores {@code provenance}.
 *
 * @param op the op, with its whole upstream graph, so a store can turn a uuid back into an op
 * @param state where it stands
 * @param timeStarted when its last run started, or null
 * @param timeCompleted when its last run completed, or null
 * @param error for {@link OpState#FAILED}, what went wrong
 * @param implementationVersion the version of the implementation that produced the stored result
 * @param provenance facts about external inputs the result was made from that the op's fields do
 *     not capture (e.g. {@code model_sha256}), as the implementation reported them; empty if none
 */
public record OpStatus(
    OpSpec op, OpState state, Instant timeStarted, Instant timeCompleted, String error, String implementationVersion,
    Map<String, String> provenance) {
  private static final DateTimeFormatter PYTHON_ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  public OpStatus {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(state, "state");
    provenance = provenance == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(provenance));
  }

  public static OpStatus of(OpSpec op, OpState state) {
    return new OpStatus(op, state, null, null, null, null, null);
  }

  public OpStatus running(Instant now) {
    return new OpStatus(op, OpState.RUNNING, now, null, null, null, null);
  }

  public OpStatus completed(Instant now, String version, Map<String, String> provenance) {
    return new OpStatus(op, OpState.COMPLETED, timeStarted, now, null, version, provenance);
  }

  public OpStatus failed(Instant now, String message) {
    return new OpStatus(op, OpState.FAILED, timeStarted, now, message, null, null);
  }

  /** {@code status.json}, compact like pydantic's {@code model_dump_json()}. */
  public String toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.set("op", GraphJson.parse(GraphJson.write(List.of(op))));
    json.put("state", state.wireName());
    json.put("time_started", timeStarted == null ? null : PYTHON_ISO.format(timeStarted));
    json.put("time_completed", timeCompleted == null ? null : PYTHON_ISO.format(timeCompleted));
    if (error != null) {
      json.put("error", error);
    }
    if (implementationVersion != null) {
      json.put("implementation_version", implementationVersion);
    }
    if (!provenance.isEmpty()) {
      ObjectNode facts = json.putObject("provenance");
      provenance.forEach(facts::put);
    }
    return json.toString();
  }

  /** Reads {@code status.json}, rebuilding (and re-checking) the embedded graph. */
  public static OpStatus fromJson(String text) {
    JsonNode json = GraphJson.parse(text);
    OpSpec op = GraphJson.read(json.get("op")).get(0);
    return new OpStatus(op, OpState.fromWire(json.path("state").asText()),
        instant(json.get("time_started")), instant(json.get("time_completed")),
        text(json.get("error")), text(json.get("implementation_version")), provenance(json.get("provenance")));
  }

  private static Map<String, String> provenance(JsonNode value) {
    Map<String, String> facts = new TreeMap<>();
    if (value != null && value.isObject()) {
      value.fields().forEachRemaining(e -> facts.put(e.getKey(), e.getValue().asText()));
    }
    return facts;
  }

  private static Instant instant(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    String text = value.asText();
    // Python writes "2026-11-22T11:25:20.552934Z" or with "+00:00"; both parse as offsets.
    return java.time.OffsetDateTime.parse(text.endsWith("Z") ? text : text.replace(" ", "T")).toInstant();
  }

  private static String text(JsonNode value) {
    return value == null || value.isNull() ? null : value.asText();
  }
}
