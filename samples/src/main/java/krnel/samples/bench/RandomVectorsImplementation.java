package krnel.samples.bench;

import java.util.SplittableRandom;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Result;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;

/** Computes {@link RandomVectorsOp}: Gaussian floats, as activations look after a LayerNorm. */
public final class RandomVectorsImplementation implements OpImplementation<RandomVectorsOp> {
  @Override
  public Class<RandomVectorsOp> opType() {
    return RandomVectorsOp.class;
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public Result compute(RandomVectorsOp op, Inputs inputs) {
    return Result.table(vectors(op, inputs.allocator()));
  }

  /** The op's vectors as a one-column table of fixed-size lists. */
  public static VectorSchemaRoot vectors(RandomVectorsOp op, BufferAllocator allocator) {
    FixedSizeListVector vectors = FixedSizeListVector.empty(op.uuid(), op.dimensions(), allocator);
    vectors.addOrGetVector(FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)));
    vectors.setInitialCapacity(op.rows());
    vectors.allocateNew();
    Float4Vector values = (Float4Vector) vectors.getDataVector();
    values.allocateNew(op.rows() * op.dimensions());
    SplittableRandom random = new SplittableRandom(op.seed());
    for (int row = 0; row < op.rows(); row++) {
      vectors.setNotNull(row);
      for (int d = 0; d < op.dimensions(); d++) {
        values.set(row * op.dimensions() + d, (float) (random.nextGaussian()));
      }
    }
    values.setValueCount(op.rows() * op.dimensions());
    vectors.setValueCount(op.rows());
    return VectorSchemaRoot.of(vectors);
  }
}
