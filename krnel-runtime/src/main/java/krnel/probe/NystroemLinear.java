package krnel.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code "kind": "nystroem_linear"}: a linear model over {@link Nystroem} features (scikit-learn's
 * {@code make_pipeline(Nystroem(), SGDClassifier())} or {@code SGDOneClassSVM}). JSON: {@code "gamma",
 * "basis": [[d]...], "normalization": [[m]...], "weights": [m], "intercept"}.
 */
public final class NystroemLinear implements Scorer {
  private final int features;
  private final Nystroem map;
  private final LinearScorer linear;

  NystroemLinear(int features, Nystroem map, LinearScorer linear) {
    if (linear.features() != map.components()) {
      throw new IllegalArgumentException("model: " + map.components() + " Nystroem components but "
          + linear.features() + " weights");
    }
    this.features = features;
    this.map = map;
    this.linear = linear;
  }

  static NystroemLinear read(JsonNode node) {
    Nystroem map = new Nystroem(Json.number(node, "gamma"), Json.matrix(node, "basis"),
        Json.matrix(node, "normalization"));
    return new NystroemLinear(Json.field(node, "n_features").asInt(), map, LinearScorer.read(node));
  }

  @Override
  public String kind() {
    return "nystroem_linear";
  }

  @Override
  public int features() {
    return features;
  }

  @Override
  public double score(float[] row) {
    return linear.score(map.transform(row));
  }

  @Override
  public void write(ObjectNode node) {
    node.put("gamma", map.gamma);
    node.set("basis", Json.matrix(map.basis));
    node.set("normalization", Json.matrix(map.normalization));
    linear.write(node);
  }
}
