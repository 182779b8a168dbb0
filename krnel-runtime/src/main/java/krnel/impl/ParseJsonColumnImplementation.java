package krnel.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import krnel.ops.ParseJSONColumnOp;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Result;
import org.apache.arrow.vector.FieldVector;

/**
 * Each string parsed as JSON (as Python's {@code json.loads}: {@code NaN} and {@code Infinity}
 * are accepted, trailing text is not), then one Arrow type inferred over all rows as
 * {@code pa.array} does: objects become a struct with the union of their keys (missing keys are
 * null), arrays lists, numbers int64 or float64. A null string gives a null value. Rows whose
 * values cannot share one type (an object in one row, a number in another) are an error naming
 * the row.
 */
public final class ParseJsonColumnImplementation implements OpImplementation<ParseJSONColumnOp> {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  @Override
  public Class<ParseJSONColumnOp> opType() {
    return ParseJSONColumnOp.class;
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public Result compute(ParseJSONColumnOp op, Inputs inputs) {
    FieldVector column = Tables.column(inputs.table(op.text()), "text", op.text());
    if (!SelectColumnImplementation.isString(column.getField().getType()) && column.getNullCount() != column.getValueCount()) {
      throw new IllegalArgumentException("text: expected a column of JSON strings, got Arrow type "
          + SelectColumnImplementation.describe(column.getField()));
    }
    int n = column.getValueCount();
    List<Object> parsed = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Object text = ArrowValues.get(column, i);
      if (text == null) {
        parsed.add(null);
        continue;
      }
      try {
        parsed.add(JSON.readValue(text.toString(), Object.class));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("text: Failed to parse JSON string at row " + i + ": "
            + abbreviate(text.toString()) + " (" + e.getOriginalMessage() + ")", e);
      }
    }
    ArrowValues.Inferred type;
    try {
      type = ArrowValues.inferColumn(parsed);
    } catch (ArrowValues.TypeConflict e) {
      throw new IllegalArgumentException("text: the parsed JSON values do not share one Arrow type: " + e.getMessage(), e);
    }
    org.apache.arrow.vector.types.pojo.Field field = ArrowValues.field(op.uuid(), type);
    krnel.store.ParquetResults.checkNesting(field, "text");
    return Tables.single(op, ArrowValues.build(field, parsed, inputs.allocator()));
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? PythonValues.repr(text) : PythonValues.repr(text.substring(0, 200)) + "...";
  }
}
