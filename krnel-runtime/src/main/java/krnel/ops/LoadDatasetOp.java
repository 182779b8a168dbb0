package krnel.ops;

import krnel.types.Dataset;

/** A dataset read from outside the graph, identified by the sha256 of its content. */
public interface LoadDatasetOp extends Dataset {
  /** The sha256 of the data: the dataset's identity, whatever its location. */
  String contentHash();
}
