package krnel.graph;

import java.util.Objects;

/** One replacement for {@code op.subs(List.of(...))}: every use of {@code old} becomes {@code replacement}. */
public record Substitution(OpSpec old, OpSpec replacement) {
  public Substitution {
    Objects.requireNonNull(old, "old");
    Objects.requireNonNull(replacement, "replacement");
  }

  public static Substitution of(OpSpec old, OpSpec replacement) {
    return new Substitution(old, replacement);
  }
}
