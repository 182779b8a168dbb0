package krnel.runner;

import java.util.List;
import krnel.graph.OpSpec;

/**
 * Marks an {@link OpImplementation} whose result row {@code i} depends only on row {@code i} of
 * its row-aligned inputs (plus the whole of its broadcast inputs, such as a trained model), so an
 * engine may compute it on slices of rows and concatenate the slices in row order. A distributed
 * engine (krnel-spark's SparkEngine) reads this to decide which ops it may split; the
 * local runner ignores it.
 *
 * @param <T> the op type, as in {@link OpImplementation}
 */
public interface RowWise<T extends OpSpec> {
  /**
   * The inputs of {@code op} read row by row: each slice of the result reads the same slice of
   * these. Empty means the op has no rows to split (e.g. a template with no context renders one
   * row): an engine computes it whole.
   */
  List<OpSpec> rowAlignedInputs(T op);

  /** The inputs of {@code op} every slice reads whole (a model, a vocabulary); none by default. */
  default List<OpSpec> broadcastInputs(T op) {
    return List.of();
  }
}
