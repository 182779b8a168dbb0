package krnel.graph;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names a person reads in plots, reports and exports: a name given in code, else a short form of an
 * op's pseudocode. A name is not a field: it is not part of the uuid, not written to graph JSON, and
 * two equal ops (same uuid) share it.
 *
 * <pre>{@code
 * ScoreColumn score = OpNames.named(probe.predict(x), "probe score");
 * OpNames.label(score);   // "probe score"
 * }</pre>
 */
public final class OpNames {
  /** Longest fallback label, in characters; longer pseudocode is cut with an ellipsis. */
  static final int MAX_LABEL = 60;
  // By uuid rather than by instance: an equal op rebuilt by substitution or read from graph JSON keeps the name.
  private static final Map<String, String> NAMES = new ConcurrentHashMap<>();

  private OpNames() {}

  /** Gives {@code op} the name {@code name} (replacing an earlier one) and returns {@code op}, for chaining. */
  public static <T extends OpSpec> T named(T op, String name) {
    Objects.requireNonNull(op, "op");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("OpNames.named(" + op.wireName() + ", name): the name is empty; give a name"
          + " a person can read, e.g. \"probe score\"");
    }
    NAMES.put(op.uuid(), name.strip());
    return op;
  }

  /** The name given to {@code op} (or an op equal to it) in code, if any. */
  public static Optional<String> given(OpSpec op) {
    return Optional.ofNullable(NAMES.get(op.uuid()));
  }

  /** The given name, else {@link #shortCode}. */
  public static String label(OpSpec op) {
    return given(op).orElseGet(() -> shortCode(op));
  }

  /**
   * The op's pseudocode expression on one line, without its declaration, at most {@value #MAX_LABEL}
   * characters: {@code x_3f1a.trainClassifier("logistic_regression", ...)}.
   */
  public static String shortCode(OpSpec op) {
    String statement = Pseudocode.expression(op);
    int assign = statement.indexOf(" = ");
    String code = assign < 0 ? statement : statement.substring(assign + 3);
    code = code.replaceAll("\\s*\\n\\s*", "").replaceAll(";$", "");
    return code.length() <= MAX_LABEL ? code : code.substring(0, MAX_LABEL - 1) + "…";
  }
}
