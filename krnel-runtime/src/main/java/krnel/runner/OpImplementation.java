package krnel.runner;

import java.util.Map;
import krnel.graph.OpSpec;

/**
 * Computes the results of one op class. Bind it in a {@link KrnelModule}; the runner picks, for an
 * op, the implementation of its most specific class or interface.
 *
 * @param <T> the op type this implementation handles (an {@code @Op} interface or a base of several)
 */
public interface OpImplementation<T extends OpSpec> {
  /** The op type handled. */
  Class<T> opType();

  /**
   * A version recorded with every stored result: change it when the implementation's output
   * changes, and the runner reports older results as stale.
   */
  String version();

  /**
   * The op's result. Inputs are already materialized and are read through {@code inputs}; throw
   * an exception naming the op, the field and the fix for bad input.
   */
  Result compute(T op, Inputs inputs) throws Exception;

  /**
   * Facts about the external inputs {@code op} reads that its fields do not capture, such as the
   * sha256 of the model file a model name resolves to. The runner records them in the result's
   * status and reports a stored result as stale when they change. Cheap to call repeatedly
   * (cache digests); none by default.
   */
  default Map<String, String> provenance(T op) throws Exception {
    return Map.of();
  }
}
