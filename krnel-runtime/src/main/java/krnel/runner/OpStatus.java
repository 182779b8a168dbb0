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
 * library reads our statuses; {@code error}, {@code implementation_version}, {@code provenance} and,
 * while running, {@code pid}, {@code host} and {@code heartbeat} are ours, and the reference's
 * pydantic model ignores them (extra fields).
 *
 * @param op the op, with its whole upstream graph, so a store can turn a uuid back into an op
 * @param state where it stands
 * @param timeStarted when its last run started, or null
 * @param timeCompleted when its last run completed, or null
 * @param error for {@link OpState#FAILED}, what went wrong
 * @param implementationVersion the version of the implementation that produced the stored result
 * @param provenance facts about external inputs the result was made from that the op's fields do
 *     not capture (e.g. {@code model_sha256}), as the implementation reported them; empty if none
 * @param pid for {@link OpState#RUNNING}, the process computing it, or null if not recorded
 * @param host for {@link OpState#RUNNING}, the machine {@code pid} runs on, or null
 * @param heartbeat for {@link OpState#RUNNING}, when the computing process last said it was alive,
 *     or null; refreshed while it computes
 */
public record OpStatus(
    OpSpec op, OpState state, Instant timeStarted, Instant timeCompleted, String error, String implementationVersion,
    Map<String, String> provenance, Long pid, String host, Instant heartbeat) {
  private static final DateTimeFormatter PYTHON_ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  public OpStatus {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(state, "state");
    provenance = provenance == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(provenance));
  }

  /** A status without a running process (as before pid, host and heartbeat were recorded). */
  public OpStatus(
      OpSpec op, OpState state, Instant timeStarted, Instant timeCompleted, String error, String implementationVersion,
      Map<String, String> provenance) {
    this(op, state, timeStarted, timeCompleted, error, implementationVersion, provenance, null, null, null);
  }

  public static OpStatus of(OpSpec op, OpState state) {
    return new OpStatus(op, state, null, null, null, null, null);
  }

  public OpStatus running(Instant now) {
    return new OpStatus(op, OpState.RUNNING, now, null, null, null, null);
  }

  /**
   * Running in process {@code pid} on {@code host}, alive at {@code now}; {@code version} and
   * {@code provenance} describe the result that a {@code done} written beside this status holds, so
   * that a status left running by a process killed after {@code done} can be {@linkplain #repaired repaired}.
   */
  public OpStatus running(Instant now, String version, Map<String, String> provenance, long pid, String host) {
    return new OpStatus(op, OpState.RUNNING, now, null, null, version, provenance, pid, host, now);
  }

  /** The same running status, alive at {@code now}. */
  public OpStatus beat(Instant now) {
    return new OpStatus(op, state, timeStarted, timeCompleted, error, implementationVersion, provenance, pid, host, now);
  }

  /** The same running status, describing a result made with {@code version} from {@code provenance}. */
  public OpStatus describing(String version, Map<String, String> provenance) {
    return new OpStatus(op, state, timeStarted, timeCompleted, error, version, provenance, pid, host, heartbeat);
  }

  public OpStatus completed(Instant now, String version, Map<String, String> provenance) {
    return new OpStatus(op, OpState.COMPLETED, timeStarted, now, null, version, provenance);
  }

  /**
   * A running status whose process died after its result was marked done: completed, with the
   * implementation version and provenance it recorded; completed at its last heartbeat (the last
   * time known), or its start.
   */
  public OpStatus repaired() {
    return completed(heartbeat != null ? heartbeat : timeStarted, implementationVersion, provenance);
  }

  public OpStatus failed(Instant now, String message) {
    return new OpStatus(op, OpState.FAILED, timeStarted, now, message, null, null);
  }

  /** {@code pid 4242 on host gpu-3}, or what is known of the process that is (or was) computing the op. */
  public String runnerDescription() {
    return pid == null && host == null ? "process not recorded"
        : "pid " + (pid == null ? "?" : pid) + " on host " + (host == null ? "?" : host);
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
    if (pid != null) {
      json.put("pid", pid);
    }
    if (host != null) {
      json.put("host", host);
    }
    if (heartbeat != null) {
      json.put("heartbeat", PYTHON_ISO.format(heartbeat));
    }
    return json.toString();
  }

  /** Reads {@code status.json}, rebuilding (and re-checking) the embedded graph. */
  public static OpStatus fromJson(String text) {
    JsonNode json = GraphJson.parse(text);
    OpSpec op = GraphJson.read(json.get("op")).get(0);
    return new OpStatus(op, OpState.fromWire(json.path("state").asText()),
        instant(json.get("time_started")), instant(json.get("time_completed")),
        text(json.get("error")), text(json.get("implementation_version")), provenance(json.get("provenance")),
        json.path("pid").isIntegralNumber() ? json.get("pid").asLong() : null, text(json.get("host")),
        instant(json.get("heartbeat")));
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
