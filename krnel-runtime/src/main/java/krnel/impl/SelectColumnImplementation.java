package krnel.impl;

import java.util.List;
import krnel.ops.SelectBooleanColumnOp;
import krnel.ops.SelectCategoricalColumnOp;
import krnel.ops.SelectColumnOp;
import krnel.ops.SelectScoreColumnOp;
import krnel.ops.SelectTextColumnOp;
import krnel.ops.SelectTrainTestSplitColumnOp;
import krnel.ops.SelectVectorColumnOp;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Result;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * One implementation for every {@code Select*ColumnOp}: the dataset's column {@code column_name},
 * renamed to the op's uuid. Unlike the reference, which takes any column, the column must exist
 * (the error lists the dataset's columns) and have an Arrow type that fits the selected column
 * type: text, categorical and train/test split columns are strings, vectors are lists of numbers,
 * scores are numbers, booleans are booleans; JSON and conversation columns take anything. A
 * column of nulls only (an empty one included) fits every type and comes back typed as selected.
 */
public final class SelectColumnImplementation implements OpImplementation<SelectColumnOp> {

  /** What a selected column type accepts. */
  enum Kind {
    TEXT("a text column", "utf8 strings"),
    LABEL("a label column", "utf8 strings"),
    VECTOR("a vector column", "a list or fixed-size list of numbers"),
    SCORE("a score column", "numbers (int or float)"),
    BOOLEAN("a boolean column", "booleans"),
    ANY("a JSON column", "any Arrow type");

    final String what;
    final String expected;

    Kind(String what, String expected) {
      this.what = what;
      this.expected = expected;
    }
  }

  @Override
  public Class<SelectColumnOp> opType() {
    return SelectColumnOp.class;
  }

  @Override
  public String version() {
    return "1";
  }

  static Kind kindOf(SelectColumnOp op) {
    if (op instanceof SelectTextColumnOp) {
      return Kind.TEXT;
    }
    if (op instanceof SelectCategoricalColumnOp || op instanceof SelectTrainTestSplitColumnOp) {
      return Kind.LABEL;
    }
    if (op instanceof SelectVectorColumnOp) {
      return Kind.VECTOR;
    }
    if (op instanceof SelectScoreColumnOp) {
      return Kind.SCORE;
    }
    if (op instanceof SelectBooleanColumnOp) {
      return Kind.BOOLEAN;
    }
    return Kind.ANY; // JSON, conversation, and selections declared outside krnel
  }

  @Override
  public Result compute(SelectColumnOp op, Inputs inputs) {
    VectorSchemaRoot dataset = inputs.table(op.dataset());
    FieldVector column = dataset.getVector(op.columnName());
    if (column == null) {
      throw new IllegalArgumentException("column_name: no column '" + op.columnName() + "' in the dataset "
          + op.dataset().uuid() + "; available columns: " + Tables.names(dataset));
    }
    Kind kind = kindOf(op);
    Field field = column.getField();
    boolean onlyNulls = column.getNullCount() == column.getValueCount();
    if (!fits(kind, field)) {
      if (!onlyNulls) {
        throw new IllegalArgumentException("column_name: column '" + op.columnName() + "' has Arrow type "
            + describe(field) + ", which does not fit " + kind.what + " (expected " + kind.expected + ")"
            + hint(field));
      }
      return Tables.single(op, Tables.nulls(op.uuid(), canonical(kind), column.getValueCount(), inputs.allocator()));
    }
    return Tables.single(op, Tables.renamed(column, op.uuid(), inputs.allocator()));
  }

  static boolean fits(Kind kind, Field field) {
    if (kind == Kind.ANY) {
      return true;
    }
    if (field.getDictionary() != null) {
      return false;
    }
    ArrowType type = field.getType();
    switch (kind) {
      case TEXT:
      case LABEL:
        return isString(type);
      case SCORE:
        return isNumber(type);
      case BOOLEAN:
        return type instanceof ArrowType.Bool;
      case VECTOR:
        return (type instanceof ArrowType.List || type instanceof ArrowType.LargeList
            || type instanceof ArrowType.FixedSizeList)
            && isNumber(field.getChildren().get(0).getType());
      default:
        return true;
    }
  }

  static boolean isString(ArrowType type) {
    return type instanceof ArrowType.Utf8 || type instanceof ArrowType.LargeUtf8;
  }

  static boolean isNumber(ArrowType type) {
    return type instanceof ArrowType.Int || type instanceof ArrowType.FloatingPoint;
  }

  /** The type an all-null column gets when selected as {@code kind}. */
  private static Field canonical(Kind kind) {
    switch (kind) {
      case SCORE:
        return Field.nullable("", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
      case BOOLEAN:
        return Field.nullable("", ArrowType.Bool.INSTANCE);
      case VECTOR:
        return Tables.field("", ArrowType.List.INSTANCE,
            List.of(Field.nullable("item", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));
      default:
        return Field.nullable("", ArrowType.Utf8.INSTANCE);
    }
  }

  static String describe(Field field) {
    if (field.getDictionary() != null) {
      return "dictionary-encoded " + field.getType();
    }
    return field.getType() + (field.getChildren().isEmpty() ? "" : field.getChildren().toString());
  }

  /** Which selection would fit a column of this type. */
  private static String hint(Field field) {
    ArrowType type = field.getType();
    if (field.getDictionary() != null) {
      return "; decode the dictionary before selecting it";
    }
    if (isString(type)) {
      return "; it is a string column: select it with colText, colCategorical or colTrainTestSplit";
    }
    if (type instanceof ArrowType.Bool) {
      return "; it is a boolean column: select it with colBoolean";
    }
    if (isNumber(type)) {
      return "; it is a numeric column: select it with colScore";
    }
    if (fits(Kind.VECTOR, field)) {
      return "; it is a vector column: select it with colVector";
    }
    return "; select it with colJson";
  }
}
