package krnel.graph;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;

/**
 * The base of every generated op class: the cached uuid, and equality by uuid.
 *
 * <p>The uuid of an op needs the uuids of its inputs. They are computed bottom-up with an explicit
 * stack rather than by recursion, so a chain of 100,000 ops hashes without a StackOverflowError.
 */
public abstract class AbstractOp implements OpSpec {
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  });

  // Racy single-check: any thread computes the same String, and Strings are safely published.
  private String uuid;

  @Override
  public final String uuid() {
    String cached = uuid;
    if (cached != null) {
      return cached;
    }
    Deque<OpSpec> pending = new ArrayDeque<>();
    pending.push(this);
    while (!pending.isEmpty()) {
      OpSpec top = pending.peek();
      OpSpec unhashedInput = top instanceof AbstractOp ? ((AbstractOp) top).firstUnhashedInput() : null;
      if (unhashedInput != null) {
        pending.push(unhashedInput);
      } else {
        if (top instanceof AbstractOp) {
          ((AbstractOp) top).hash();
        }
        pending.pop();
      }
    }
    return uuid;
  }

  private void hash() {
    if (uuid != null) {
      return;
    }
    JsonWriter out = JsonWriter.canonical();
    writeCanonical(out);
    byte[] digest = SHA256.get().digest(out.toString().getBytes(StandardCharsets.UTF_8));
    uuid = wireName() + "_" + HexFormat.of().formatHex(digest);
  }

  private OpSpec firstUnhashedInput() {
    OpSpec[] found = new OpSpec[1];
    Graph.forEachInput(this, input -> {
      if (found[0] == null && input instanceof AbstractOp && ((AbstractOp) input).uuid == null) {
        found[0] = input;
      }
    });
    return found[0];
  }

  @Override
  public final boolean equals(Object other) {
    return other == this || (other instanceof OpSpec && uuid().equals(((OpSpec) other).uuid()));
  }

  @Override
  public final int hashCode() {
    return uuid().hashCode();
  }

  /** This op as one line of pseudocode; {@link #toCode()} prints its whole graph. */
  @Override
  public String toString() {
    return Pseudocode.expression(this);
  }
}
