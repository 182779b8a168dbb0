package krnel.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's GEMM ceiling holds exactly the model's weight products, and runs. */
class GemmCeilingTest {
  @Test
  void theCeilingOfMiniLmIsItsSixLayersOfWeightProducts() throws Exception {
    OnnxModel model = OnnxModel.get(OnnxLayerActivationsTest.FP32);
    List<GemmCeiling.Product> all = GemmCeiling.products(model.proto.getGraph());
    assertEquals(36, all.size());
    List<GemmCeiling.Product> layer = all.subList(0, 6);
    assertEquals(4, layer.stream().filter(p -> p.k() == 384 && p.n() == 384).count(), layer.toString());
    assertTrue(layer.stream().anyMatch(p -> p.k() == 384 && p.n() == 1536), layer.toString());
    assertTrue(layer.stream().anyMatch(p -> p.k() == 1536 && p.n() == 384), layer.toString());
    assertEquals(6 * 2.0 * (4 * 384 * 384 + 2 * 384 * 1536), GemmCeiling.flopsPerRow(all));

    // hidden state 2 needs layers 0 and 1 only
    try (GemmCeiling pruned = GemmCeiling.of(OnnxGraphs.tap(model.proto, model.hiddenState(2), true))) {
      assertEquals(12, pruned.products().size());
      assertTrue(pruned.seconds(new int[] {3, 5}) > 0);
    }
  }
}
