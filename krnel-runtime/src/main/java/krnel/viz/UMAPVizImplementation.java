package krnel.viz;

import java.util.Map;
import krnel.ops.UMAPVizOp;
import krnel.runner.Columns;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Result;

/**
 * {@code make_umap_viz}: the {@link Umap} embedding of the input vectors, stored as the reference stores
 * it, one {@code FixedSizeList<float32>[2]} per row.
 *
 * <p>Honoured: {@code n_neighbors}, {@code n_epochs}, {@code random_state}, {@code metric}
 * ({@code euclidean}, {@code cosine}), {@code learning_rate}, {@code min_dist}, {@code spread},
 * {@code set_op_mix_ratio}, {@code local_connectivity}, {@code repulsion_strength},
 * {@code negative_sample_rate}, {@code disconnection_distance}, {@code force_approximation_algorithm}
 * (neighbours are exact below 4,096 rows, as in umap-learn, and found by NN-descent from there or when
 * forced). Without effect here, as in the reference's call (no labels, no {@code transform}):
 * {@code target_*}, {@code transform_*}, and {@code angular_rp_forest} (on cosine data the trees split unit
 * rows, which is the angular split already). Any other value (densMAP, another metric or output metric,
 * metric keywords, {@code unique}) is an error that says which default to use.
 */
public final class UMAPVizImplementation implements OpImplementation<UMAPVizOp> {
  @Override
  public Class<UMAPVizOp> opType() {
    return UMAPVizOp.class;
  }

  @Override
  public String version() {
    // 2: NN-descent neighbours from 4,096 rows on, as umap-learn; 3: the epoch-synchronous parallel layout,
    // and NN-descent's trees split a 64-D projection; 4: NN-descent's distances summed in 16 lanes
    // (SquaredDistance: the same bits with and without the Vector API, not those of 3) and heaps of k, not k - 1
    return "4";
  }

  @Override
  public Result compute(UMAPVizOp op, Inputs inputs) {
    Umap.Parameters parameters = parameters(op);
    float[][] x = Columns.vectors(Columns.single(inputs.table(op.inputEmbedding()), "input_embedding"),
        "input_embedding");
    if (x.length < 4) {
      throw new IllegalArgumentException("input_embedding: has " + x.length
          + " rows; a UMAP embedding needs at least 4");
    }
    for (int i = 1; i < x.length; i++) {
      if (x[i].length != x[0].length) {
        throw new IllegalArgumentException("input_embedding: vectors have different lengths (" + x[0].length
            + " and " + x[i].length + " at row " + i + ")");
      }
    }
    float[][] embedding = Umap.embed(x, parameters);
    return Result.table(Columns.vectorTable(op.uuid(), embedding, 2, inputs.allocator()));
  }

  /** The op's fields as {@link Umap.Parameters}, or an error naming the field and the value to use. */
  static Umap.Parameters parameters(UMAPVizOp op) {
    boolean cosine = switch (op.metric()) {
      case "euclidean" -> false;
      case "cosine" -> true;
      default -> throw unsupported("metric", "'" + op.metric() + "'",
          "the supported metrics are 'euclidean' and 'cosine'");
    };
    requireNull("metric_kwds", op.metricKwds(), "neither supported metric takes arguments");
    if (!op.outputMetric().equals("euclidean")) {
      throw unsupported("output_metric", "'" + op.outputMetric() + "'", "the embedding space is Euclidean; use 'euclidean'");
    }
    requireNull("output_metric_kwds", op.outputMetricKwds(), "the Euclidean output metric takes no arguments");
    requireFalse("densmap", op.densmap(), "densMAP is not implemented");
    requireFalse("output_dens", op.outputDens(), "densMAP's local radii are not implemented");
    requireFalse("unique", op.unique(), "duplicate rows are embedded one by one");
    atLeast("n_neighbors", op.nNeighbors(), 2);
    atLeast("n_epochs", op.nEpochs(), 1);
    atLeast("negative_sample_rate", op.negativeSampleRate(), 1);
    positive("learning_rate", op.learningRate());
    positive("spread", op.spread());
    if (!(op.minDist() >= 0 && op.minDist() <= op.spread())) {
      throw new IllegalArgumentException("min_dist: is " + op.minDist() + " but must be between 0 and spread ("
          + op.spread() + "); the default is 0.1");
    }
    if (!(op.setOpMixRatio() >= 0 && op.setOpMixRatio() <= 1)) {
      throw new IllegalArgumentException("set_op_mix_ratio: is " + op.setOpMixRatio()
          + " but must be between 0 and 1; the default is 1.0");
    }
    if (!(op.localConnectivity() >= 0)) {
      throw new IllegalArgumentException("local_connectivity: is " + op.localConnectivity()
          + " but must not be negative; the default is 1.0");
    }
    if (!(op.repulsionStrength() >= 0)) {
      throw new IllegalArgumentException("repulsion_strength: is " + op.repulsionStrength()
          + " but must not be negative; the default is 1.0");
    }
    double disconnection = op.disconnectionDistance() != null ? op.disconnectionDistance()
        : cosine ? 2.0 : Double.POSITIVE_INFINITY; // umap-learn's defaults for these metrics
    return new Umap.Parameters(op.nNeighbors(), op.nEpochs(), op.randomState(), cosine, op.learningRate(),
        op.minDist(), op.spread(), op.setOpMixRatio(), op.localConnectivity(), op.repulsionStrength(),
        op.negativeSampleRate(), disconnection, op.forceApproximationAlgorithm());
  }

  private static IllegalArgumentException unsupported(String field, String value, String fix) {
    return new IllegalArgumentException(field + ": " + value + " is not supported by Krnel for Java's UMAP; " + fix);
  }

  private static void requireNull(String field, Map<String, Object> value, String why) {
    if (value != null) {
      throw unsupported(field, String.valueOf(value), why + "; leave it null");
    }
  }

  private static void requireFalse(String field, boolean value, String why) {
    if (value) {
      throw unsupported(field, "true", why + "; set it to false (the default)");
    }
  }

  private static void atLeast(String field, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(field + ": is " + value + " but must be at least " + min);
    }
  }

  private static void positive(String field, double value) {
    if (!(value > 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(field + ": is " + value + " but must be a positive number");
    }
  }
}
