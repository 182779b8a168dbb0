package krnel.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What {@code done} holds: which result file it completes and what a reader checks it against.
 * Krnel for Java writes {@code {"file":"result.parquet","size":...,"crc32c":"...","etag":"...",
 * "writer":"..."}} (before the download overlapped decoding, {@code "sha256"} instead of {@code
 * "crc32c"}: such a done is still read and checked, see {@link ResultChecksum}); krnel-graph
 * (Python) writes the text {@code done}, which is accepted with no checks beyond the result's
 * existence ({@link #isPython()}).
 *
 * @param file the result's name ({@code result.parquet} or {@code result.json}); null for a Python done
 * @param size the result's size in bytes, or -1 if unknown
 * @param sha256 the result's sha256 (hex), or null if unknown (older dones record this)
 * @param crc32c the result's CRC32C (8 hex digits), or null if unknown (what new dones record)
 * @param etag the result object's ETag as the server returned it after the upload, or null
 * @param writer who wrote it (tool, user, host, process), for people reading the bucket
 */
record DoneRecord(String file, long size, String sha256, String crc32c, String etag, String writer) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  boolean isPython() {
    return file == null;
  }

  byte[] toBytes() {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("file", file);
    json.put("size", size);
    if (sha256 != null) {
      json.put("sha256", sha256);
    }
    if (crc32c != null) {
      json.put("crc32c", crc32c);
    }
    json.put("etag", etag);
    json.put("writer", writer);
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A Java {@code done}, or a Python one for anything that is not a JSON object naming a file. */
  static DoneRecord parse(byte[] bytes) {
    JsonNode json;
    try {
      json = MAPPER.readTree(bytes);
    } catch (IOException e) {
      json = null;
    }
    if (json == null || !json.isObject() || !json.path("file").isTextual()) {
      return new DoneRecord(null, -1, null, null, null, "krnel-graph (Python)");
    }
    return new DoneRecord(json.get("file").asText(), json.path("size").asLong(-1), text(json.get("sha256")),
        text(json.get("crc32c")), text(json.get("etag")), text(json.get("writer")));
  }

  private static String text(JsonNode value) {
    return value == null || value.isNull() ? null : value.asText();
  }
}
