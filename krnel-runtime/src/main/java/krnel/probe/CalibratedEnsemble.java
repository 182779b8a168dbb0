package krnel.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code "kind": "calibrated_kernel"}: scikit-learn's {@code CalibratedClassifierCV(method="sigmoid",
 * ensemble=True)} over kernel machines, the mean of each member's Platt probability
 * {@code 1 / (1 + exp(a f(x) + b))}. JSON: {@code "members": [{"n_features", "gamma", "support_vectors",
 * "dual_coef", "intercept", "sigmoid_a", "sigmoid_b"}...]}.
 */
public final class CalibratedEnsemble implements Scorer {
  /** One cross-validation fold's machine and its sigmoid. */
  public record Member(KernelExpansion machine, double a, double b) {}

  private final List<Member> members;

  public CalibratedEnsemble(List<Member> members) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("model: a calibrated ensemble needs at least one member");
    }
    this.members = List.copyOf(members);
  }

  static CalibratedEnsemble read(JsonNode node) {
    JsonNode array = Json.field(node, "members");
    Member[] members = new Member[array.size()];
    for (int k = 0; k < members.length; k++) {
      JsonNode m = array.get(k);
      members[k] = new Member(KernelExpansion.read(m), Json.number(m, "sigmoid_a"), Json.number(m, "sigmoid_b"));
    }
    return new CalibratedEnsemble(List.of(members));
  }

  /** Platt's sigmoid {@code 1 / (1 + exp(a f + b))}, as scikit-learn's {@code expit(-(a f + b))}. */
  static double sigmoid(double a, double b, double f) {
    double t = a * f + b;
    return t >= 0 ? Math.exp(-t) / (1 + Math.exp(-t)) : 1 / (1 + Math.exp(t));
  }

  @Override
  public String kind() {
    return "calibrated_kernel";
  }

  @Override
  public int features() {
    return members.get(0).machine().features();
  }

  @Override
  public double score(float[] row) {
    double sum = 0;
    for (Member m : members) {
      sum += sigmoid(m.a(), m.b(), m.machine().score(row));
    }
    return sum / members.size();
  }

  @Override
  public void write(ObjectNode node) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode(members.size());
    for (Member m : members) {
      ObjectNode member = array.addObject();
      member.put("n_features", m.machine().features());
      m.machine().write(member);
      member.put("sigmoid_a", m.a());
      member.put("sigmoid_b", m.b());
    }
    node.set("members", array);
  }
}
