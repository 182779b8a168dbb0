package krnel.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import krnel.graph.OpSpec;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What an implementation computes: a table (stored as {@code result.parquet}) or a JSON document
 * (stored as {@code result.json}).
 *
 * <p>Column results are easiest made from Java arrays: {@link #doubles}, {@link #strings},
 * {@link #booleans}, {@link #vectors}; they store exactly what the same Arrow column built by hand
 * stores. {@link #table} takes any Arrow table.
 */
public sealed interface Result extends AutoCloseable permits Result.Table, Result.Json, Result.Batches {

  /** A table; the result takes ownership of the vectors and closes them. */
  static Table table(VectorSchemaRoot root) {
    return new Table(root);
  }

  static Json json(JsonNode document) {
    return new Json(document);
  }

  /**
   * A JSON result made from plain values ({@code Map}, {@code List}, strings, numbers, booleans, or
   * any object Jackson can serialize), e.g. {@code Result.json(Map.of("count", 3))}.
   */
  static Json json(Object value) {
    return new Json(PlainResults.MAPPER.valueToTree(value));
  }

  /** A score column: one double per row ({@code float64}), named by {@code op}'s uuid as every column result is. */
  static Table doubles(OpSpec op, double[] values) {
    return new Table(Columns.doubleTable(op.uuid(), values, PlainResults.allocator()));
  }

  /** A text column ({@code utf8}); null strings are null rows. */
  static Table strings(OpSpec op, List<String> values) {
    return new Table(Columns.stringTable(op.uuid(), values, PlainResults.allocator()));
  }

  /** A boolean column. */
  static Table booleans(OpSpec op, boolean[] values) {
    return new Table(Columns.booleanTable(op.uuid(), values, PlainResults.allocator()));
  }

  /**
   * A vector column ({@code FixedSizeList<float32>[width]}), one row per array; every row must have
   * the same length.
   */
  static Table vectors(OpSpec op, float[][] rows) {
    int width = rows.length == 0 ? 0 : rows[0].length;
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == null || rows[i].length != width) {
        throw new IllegalArgumentException(op.wireName() + " " + op.uuid() + ": Result.vectors needs rows of one length; row 0 has "
            + width + " values, row " + i + " has " + (rows[i] == null ? "none (null)" : rows[i].length));
      }
    }
    return new Table(Columns.vectorTable(op.uuid(), rows, width, PlainResults.allocator()));
  }

  /**
   * A table produced batch by batch, for results too large for memory or for one Arrow vector
   * (more than 2^31 floats). Only a directory store can keep it.
   */
  static Batches batches(Schema schema, BatchProducer producer) {
    return new Batches(schema, producer);
  }

  @Override
  void close();

  /** Column tables: datasets, columns (one column named by the op's uuid), vectors. */
  record Table(VectorSchemaRoot root) implements Result {
    public Table {
      Objects.requireNonNull(root, "root");
    }

    /**
     * A new root over the same buffers (reference counted): readers get views, so the owner and the
     * reader may close in either order.
     */
    public VectorSchemaRoot view() {
      return root.slice(0, root.getRowCount());
    }

    @Override
    public void close() {
      root.close();
    }
  }

  /** A streamed table: {@code producer} hands each batch to the store, which writes it and lets it go. */
  record Batches(Schema schema, BatchProducer producer) implements Result {
    public Batches {
      Objects.requireNonNull(schema, "schema");
      Objects.requireNonNull(producer, "producer");
    }

    @Override
    public void close() {}
  }

  /** Produces the batches of a streamed result, in order. */
  @FunctionalInterface
  interface BatchProducer {
    /** Calls {@code sink} with each batch; the batch may be reused or closed after the call. */
    void produce(BatchSink sink) throws Exception;
  }

  /** Receives batches. */
  @FunctionalInterface
  interface BatchSink {
    void accept(VectorSchemaRoot batch) throws java.io.IOException;
  }

  /** JSON documents: evaluation reports, trained models. */
  record Json(JsonNode document) implements Result {
    public Json {
      Objects.requireNonNull(document, "document");
    }

    @Override
    public void close() {}
  }
}
