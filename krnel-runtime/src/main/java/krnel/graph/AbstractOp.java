package krnel.graph;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

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

  private static final ThreadLocal<JsonWriter> CANONICAL = ThreadLocal.withInitial(JsonWriter::canonical);
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  // Racy single-check: any thread computes the same String, and Strings are safely published.
  private String uuid;

  @Override
  public final String uuid() {
    String cached = uuid;
    if (cached != null) {
      return cached;
    }
    // Each frame walks its op's inputs once: rescanning them from the start after every hashed input
    // made an op with n inputs (a GroupedOp of 100,000 ops) cost O(n^2).
    Deque<Frame> pending = new ArrayDeque<>();
    pending.push(new Frame(this));
    while (!pending.isEmpty()) {
      Frame top = pending.peek();
      AbstractOp unhashedInput = top.nextUnhashedInput();
      if (unhashedInput != null) {
        pending.push(new Frame(unhashedInput));
      } else {
        top.op.hash();
        pending.pop();
      }
    }
    return uuid;
  }

  private void hash() {
    if (uuid != null) {
      return;
    }
    // One writer per thread, reused: hashing is the hot path of building graphs. The canonical
    // form is pure ASCII (every other character is escaped), so ISO-8859-1 bytes are its UTF-8.
    JsonWriter out = CANONICAL.get();
    out.reset();
    writeCanonical(out);
    byte[] digest = SHA256.get().digest(out.toString().getBytes(StandardCharsets.ISO_8859_1));
    String wireName = wireName();
    char[] text = new char[wireName.length() + 1 + 2 * digest.length];
    wireName.getChars(0, wireName.length(), text, 0);
    int at = wireName.length();
    text[at++] = '_';
    for (byte b : digest) {
      text[at++] = HEX[(b >> 4) & 0xF];
      text[at++] = HEX[b & 0xF];
    }
    uuid = new String(text);
  }

  /** An op whose uuid is being computed, and its inputs still to look at. */
  private static final class Frame {
    final AbstractOp op;
    final Iterator<OpSpec> inputs;

    Frame(AbstractOp op) {
      this.op = op;
      this.inputs = Graph.inputs(op).iterator();
    }

    /** The next input (of the generated kind) without a uuid yet; other ops compute their own. */
    AbstractOp nextUnhashedInput() {
      while (inputs.hasNext()) {
        OpSpec input = inputs.next();
        if (input instanceof AbstractOp && ((AbstractOp) input).uuid == null) {
          return (AbstractOp) input;
        }
      }
      return null;
    }
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
