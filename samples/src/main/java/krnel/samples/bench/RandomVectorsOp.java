package krnel.samples.bench;

import krnel.annotations.Op;
import krnel.types.VectorColumn;

/** Reproducible random float32 vectors, standing in for model activations in benchmarks. */
@Op
public interface RandomVectorsOp extends VectorColumn {
  int rows();

  int dimensions();

  default long seed() {
    return 1;
  }
}
