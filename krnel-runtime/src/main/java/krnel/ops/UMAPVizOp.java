package krnel.ops;

import java.util.Map;
import krnel.annotations.Nullable;
import krnel.annotations.Op;
import krnel.types.VectorColumn;
import krnel.types.VizEmbeddingColumn;

/** A 2-D UMAP embedding of a vector column; the fields are UMAP's parameters. */
@Op(fluent = "umapVis")
public interface UMAPVizOp extends VizEmbeddingColumn {
  VectorColumn inputEmbedding();

  default int nNeighbors() {
    return 15;
  }

  default int nEpochs() {
    return 200;
  }

  default int randomState() {
    return 42;
  }

  default String metric() {
    return "euclidean";
  }

  @Nullable
  Map<String, Object> metricKwds();

  default String outputMetric() {
    return "euclidean";
  }

  @Nullable
  Map<String, Object> outputMetricKwds();

  default double learningRate() {
    return 1.0;
  }

  default double minDist() {
    return 0.1;
  }

  default double spread() {
    return 1.0;
  }

  default double setOpMixRatio() {
    return 1.0;
  }

  default double localConnectivity() {
    return 1.0;
  }

  default double repulsionStrength() {
    return 1.0;
  }

  default int negativeSampleRate() {
    return 5;
  }

  default double transformQueueSize() {
    return 4.0;
  }

  default boolean angularRpForest() {
    return false;
  }

  default int targetNNeighbors() {
    return -1;
  }

  default String targetMetric() {
    return "categorical";
  }

  @Nullable
  Map<String, Object> targetMetricKwds();

  default double targetWeight() {
    return 0.5;
  }

  default int transformSeed() {
    return 42;
  }

  default String transformMode() {
    return "embedding";
  }

  default boolean forceApproximationAlgorithm() {
    return false;
  }

  default boolean unique() {
    return false;
  }

  default boolean densmap() {
    return false;
  }

  default double densLambda() {
    return 2.0;
  }

  default double densFrac() {
    return 0.3;
  }

  default double densVarShift() {
    return 0.1;
  }

  default boolean outputDens() {
    return false;
  }

  @Nullable
  Double disconnectionDistance();
}
