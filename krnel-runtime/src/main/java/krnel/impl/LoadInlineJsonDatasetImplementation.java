package krnel.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import krnel.ops.LoadInlineJsonDatasetOp;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Result;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code pa.table(op.data)}: one column per entry, in the map's order, with pyarrow's type
 * inference (see {@link ArrowValues}). Columns of different lengths are an error that names both.
 */
public final class LoadInlineJsonDatasetImplementation implements OpImplementation<LoadInlineJsonDatasetOp> {
  @Override
  public Class<LoadInlineJsonDatasetOp> opType() {
    return LoadInlineJsonDatasetOp.class;
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public Result compute(LoadInlineJsonDatasetOp op, Inputs inputs) {
    Map<String, List<Object>> data = op.data();
    if (data.isEmpty()) {
      throw new IllegalArgumentException("data: the dataset has no columns; give at least one column");
    }
    String firstName = null;
    int rows = -1;
    for (Map.Entry<String, List<Object>> column : data.entrySet()) {
      if (column.getValue() == null) {
        throw new IllegalArgumentException("data: column '" + column.getKey() + "' is null; give a list of values");
      }
      if (rows < 0) {
        firstName = column.getKey();
        rows = column.getValue().size();
      } else if (column.getValue().size() != rows) {
        throw new IllegalArgumentException("data: column '" + column.getKey() + "' has " + column.getValue().size()
            + " values but column '" + firstName + "' has " + rows + "; all columns must have the same length");
      }
    }
    List<FieldVector> vectors = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    try {
      for (Map.Entry<String, List<Object>> column : data.entrySet()) {
        ArrowValues.Inferred type;
        try {
          type = ArrowValues.inferColumn(column.getValue());
        } catch (ArrowValues.TypeConflict e) {
          throw new IllegalArgumentException("data: column '" + column.getKey() + "', " + e.getMessage(), e);
        }
        Field field = ArrowValues.field(column.getKey(), type);
        krnel.store.ParquetResults.checkNesting(field, "data");
        FieldVector vector = ArrowValues.build(field, column.getValue(), inputs.allocator());
        vectors.add(vector);
        fields.add(vector.getField());
      }
    } catch (RuntimeException e) {
      vectors.forEach(FieldVector::close);
      throw e;
    }
    return Result.table(new VectorSchemaRoot(fields, vectors, rows));
  }
}
