package krnel.impl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import krnel.graph.JsonWriter;
import krnel.ops.AssignRowIDOp;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Result;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A stable id per row, derived from the row's content (the reference has no implementation; its
 * tests ask for ids that are identical for identical data, different for different data and
 * unique within a dataset).
 *
 * <p>The id of a row is {@code "uid_"} followed by the first 32 hex digits (128 bits) of
 * {@code sha256(C + "\n" + k)}, where {@code C} is the row as canonical JSON, Python's
 * {@code json.dumps({column: value, ...}, sort_keys=True)} of the values as pyarrow's
 * {@code to_pylist()} gives them, and {@code k} is the number of earlier rows with the same
 * {@code C} (0 for the first). So an id depends on what the row holds and not on where it is:
 * shuffling, filtering or appending rows keeps the ids of the other rows, and only repeated rows
 * depend on their order among themselves. Values that JSON cannot hold (binary, dates) enter
 * {@code C} by their string form.
 */
public final class AssignRowIdImplementation implements OpImplementation<AssignRowIDOp> {
  static final String PREFIX = "uid_";

  @Override
  public Class<AssignRowIDOp> opType() {
    return AssignRowIDOp.class;
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public Result compute(AssignRowIDOp op, Inputs inputs) {
    VectorSchemaRoot dataset = inputs.table(op.dataset());
    int rows = dataset.getRowCount();
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Map<String, Integer> seen = new HashMap<>();
    HexFormat hex = HexFormat.of();
    VarCharVector out = new VarCharVector(op.uuid(), inputs.allocator());
    out.allocateNew(rows);
    for (int i = 0; i < rows; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (FieldVector column : dataset.getFieldVectors()) {
        row.put(column.getName(), jsonable(ArrowValues.get(column, i)));
      }
      String canonical = JsonWriter.canonical().json(row).toString();
      int occurrence = seen.merge(canonical, 1, Integer::sum) - 1;
      byte[] digest = sha256.digest((canonical + "\n" + occurrence).getBytes(StandardCharsets.UTF_8));
      String id = PREFIX + hex.formatHex(digest, 0, 16);
      out.setSafe(i, id.getBytes(StandardCharsets.US_ASCII));
    }
    out.setValueCount(rows);
    return Tables.single(op, out);
  }

  /** A value JSON can write: JSON-like values as they are, anything else by its string form. */
  private static Object jsonable(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
        || value instanceof Double) {
      return value;
    }
    if (value instanceof List) {
      List<Object> out = new ArrayList<>();
      for (Object item : (List<?>) value) {
        out.add(jsonable(item));
      }
      return out;
    }
    if (value instanceof Map) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<?, ?>) value).forEach((k, v) -> out.put(String.valueOf(k), jsonable(v)));
      return out;
    }
    if (value instanceof byte[]) {
      return HexFormat.of().formatHex((byte[]) value);
    }
    return value.toString();
  }
}
