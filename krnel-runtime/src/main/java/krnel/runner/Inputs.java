package krnel.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import krnel.graph.OpSpec;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * What an implementation may read while it computes: its inputs' results, and memory for its own.
 *
 * <p>Most implementations read a column as plain Java values ({@link #strings}, {@link #doubles},
 * {@link #booleans}, {@link #floatMatrix}); {@link #table} gives the Arrow table for the rest. A
 * column of the wrong type is an error naming the op and the field, e.g. {@code KeywordCountOp.text:
 * expected a string column, got column "…" of Arrow type Int(64, true)}.
 */
public interface Inputs {
  /** The table result of {@code input}; owned by the runner, valid until {@code compute} returns. */
  VectorSchemaRoot table(OpSpec input);

  /** The JSON result of {@code input}. */
  JsonNode json(OpSpec input);

  /** Where to allocate the result's vectors. */
  BufferAllocator allocator();

  /** Reports progress of a long computation (a bar on a terminal, log lines otherwise). */
  Progress progress(String task, long total);

  /**
   * How errors about {@code input} name it: the op being computed and the field that holds
   * {@code input} ({@code KeywordCountOp.text}); the input's wire name when no field holds it.
   */
  default String describe(OpSpec input) {
    return input.wireName();
  }

  /** The only column of {@code input}'s table result (a column op's result has exactly one). */
  default FieldVector column(OpSpec input) {
    return Columns.single(table(input), describe(input));
  }

  /** A text column's rows, nulls kept as null. */
  default List<String> strings(OpSpec input) {
    return Columns.strings(column(input), describe(input));
  }

  /** A numeric (or boolean) column's rows as doubles; nulls become NaN. */
  default double[] doubles(OpSpec input) {
    return Columns.doubles(column(input), describe(input));
  }

  /** A boolean column's rows; a null row is an error. */
  default boolean[] booleans(OpSpec input) {
    return Columns.booleans(column(input), describe(input));
  }

  /** A vector column's rows, one {@code float[]} per row; a null row is an error. */
  default float[][] floatMatrix(OpSpec input) {
    return Columns.vectors(column(input), describe(input));
  }
}
