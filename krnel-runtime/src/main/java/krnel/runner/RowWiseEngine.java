package krnel.runner;

import java.nio.file.Path;
import krnel.graph.OpSpec;

/**
 * Computes row-wise ops ({@link RowWise} implementations) somewhere other than the runner's own
 * thread, e.g. on a Spark cluster (krnel-spark's {@code SparkEngine}). The runner still plans the
 * graph, takes the op's lock, writes its statuses, provenance and implementation version, and
 * stores the result: the engine only computes it, so the store cannot tell which engine ran.
 * Without an engine (the default) the runner computes every op itself.
 */
public interface RowWiseEngine extends AutoCloseable {
  /**
   * Whether this engine computes {@code op}; the runner computes the ops it declines. Only called
   * for non-ephemeral ops whose implementation is {@link RowWise}.
   */
  boolean accepts(OpSpec op, OpImplementation<OpSpec> implementation);

  /**
   * Computes {@code op} and returns its table result as a Parquet file in the store's result
   * format (byte for byte what {@code ParquetResults.write} makes of the same rows), which the
   * runner then hands to {@link Store#writeResultFile} and deletes. {@code inputs} reads the
   * op's inputs on the driver (ephemeral ones are only there); {@code store} is the runner's.
   */
  Path compute(OpSpec op, OpImplementation<OpSpec> implementation, Inputs inputs, Store store) throws Exception;

  /** Releases what the engine holds; a session it was given stays open. */
  @Override
  default void close() {}
}
