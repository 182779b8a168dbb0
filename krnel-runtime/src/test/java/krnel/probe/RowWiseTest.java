package krnel.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import krnel.graph.OpSpec;
import krnel.ops.ClassifierPredictOp;
import krnel.ops.LoadInlineJsonDatasetOp;
import krnel.ops.TrainClassifierOp;
import krnel.runner.RowWise;
import krnel.runner.Runner;
import krnel.types.VectorColumn;
import org.junit.jupiter.api.Test;

/** A prediction declares which inputs an engine may slice by rows and which every slice reads whole. */
class RowWiseTest {
  @Test
  void predictSlicesTheVectorsAndBroadcastsTheModel() {
    try (Runner runner = Runner.memory()) {
      LoadInlineJsonDatasetOp ds = runner.fromInlineDataset(Map.of(
          "x", List.of(List.of(0.0, 1.0), List.of(1.0, 0.0)), "y", List.of(true, false)));
      VectorColumn x = ds.colVector("x");
      TrainClassifierOp probe = x.trainClassifier("logistic_regression", ds.colBoolean("y"));
      ClassifierPredictOp predict = (ClassifierPredictOp) probe.predict(x);
      RowWise<ClassifierPredictOp> rowWise = new ClassifierPredictImplementation();
      assertEquals(List.<OpSpec>of(x), rowWise.rowAlignedInputs(predict));
      assertEquals(List.<OpSpec>of(probe), rowWise.broadcastInputs(predict));
    }
  }
}
