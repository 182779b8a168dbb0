package krnel.graph;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The base of every generated op class: the cached uuid, and equality by uuid.
 *
 * <p>The uuid of an op needs the uuids of its inputs. They are computed bottom-up with an explicit
 * stack rather than by recursion, so a chain of 100,000 ops hashes without a StackOverflowError.
 */
public abstract class AbstractOp implements OpSpec {
  /** What hashing needs, one per thread, reused: hashing is the hot path of building graphs. */
  private static final ThreadLocal<Hasher> HASHER = ThreadLocal.withInitial(Hasher::new);

  private static final VarHandle BIG_ENDIAN_INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle BIG_ENDIAN_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  // Racy single-check: any thread computes the same String, and Strings are safely published.
  private String uuid;
  // Whether the uuid needs no JSON escape (its wire name does not): then JsonWriter copies it as is.
  // Written before uuid, so a thread that sees this op's uuid may see false here, which is only slower.
  private boolean plainUuid;

  @Override
  public final String uuid() {
    String cached = uuid;
    if (cached != null) {
      return cached;
    }
    Hasher hasher = HASHER.get();
    if (hasher.busy) {
      hasher = new Hasher(); // re-entered: an input of another OpSpec class is hashing its own inputs
    }
    hasher.busy = true;
    try {
      hasher.hashWithInputs(this);
    } finally {
      hasher.done();
    }
    return uuid;
  }

  /**
   * Calls {@code action} with each input op in field order (list and map elements in order),
   * skipping null fields; see {@link Graph#forEachInput}. Generated classes override this with
   * direct reads of their input fields; this version walks {@link #forEachField}.
   */
  protected void forEachInput(Consumer<OpSpec> action) {
    Graph.forEachFieldInput(this, action);
  }

  /** Sets the uuid; every input already has its own. */
  @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int), exact for ASCII
  private void hash(Hasher hasher) {
    JsonWriter out = hasher.canonical;
    out.reset();
    writeCanonical(out);
    out.update(hasher.sha256);
    byte[] digest = hasher.digest();
    String wireName = wireName();
    OpType<?> type = opType();
    // The catalogue entry knows whether its wire name needs escapes (unless wireName() was overridden).
    boolean plain = wireName == type.wireName() ? type.plainWireName : JsonWriter.isPlain(wireName);
    // <wire name>_<64 hex digits>, as ISO-8859-1 bytes
    int n = wireName.length();
    byte[] text = new byte[n + 65];
    if (plain) {
      wireName.getBytes(0, n, text, 0);
    }
    text[n] = '_';
    for (int i = 0; i < 8; i++) {
      BIG_ENDIAN_LONGS.set(text, n + 1 + 8 * i, hex8((int) BIG_ENDIAN_INTS.get(digest, 4 * i)));
    }
    plainUuid = plain;
    uuid = plain ? new String(text, StandardCharsets.ISO_8859_1)
        : wireName + new String(text, n, 65, StandardCharsets.ISO_8859_1); // beyond ISO-8859-1
  }

  /**
   * The eight hex digits of {@code bits}, most significant first, as ASCII bytes in a long (to be
   * stored big-endian). The nibbles are spread out to one per byte, then each byte becomes its
   * digit: 0..9 plus '0', and 10..15 (the bytes where adding 6 carries into bit 4) plus 'a' - 10.
   */
  private static long hex8(int bits) {
    long x = Integer.toUnsignedLong(bits);
    x = (x | x << 16) & 0x0000FFFF0000FFFFL;
    x = (x | x << 8) & 0x00FF00FF00FF00FFL;
    x = (x | x << 4) & 0x0F0F0F0F0F0F0F0FL;
    long letters = (x + 0x0606060606060606L) >>> 4 & 0x0101010101010101L;
    return x + 0x3030303030303030L + letters * ('a' - '0' - 10);
  }

  /** Whether {@link #uuid()}, once computed, needs no escape in JSON. */
  final boolean isPlainUuid() {
    return plainUuid;
  }

  /** What hashing needs, kept per thread: a canonical writer, a SHA-256, and the stack of ops. */
  private static final class Hasher {
    final JsonWriter canonical = JsonWriter.canonical();
    final MessageDigest sha256;
    private final byte[] digest = new byte[32];
    ArrayDeque<AbstractOp> pending = new ArrayDeque<>();
    final Consumer<OpSpec> pushUnhashed = input -> {
      // Other OpSpec implementations compute their own uuids.
      if (input instanceof AbstractOp && ((AbstractOp) input).uuid == null) {
        pending.push((AbstractOp) input);
      }
    };
    boolean busy;
    private boolean grown; // the stack grew large: let it go when done

    Hasher() {
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JVM has SHA-256", e);
      }
    }

    /**
     * Hashes {@code op} and, first, its unhashed inputs. Ops wait on the stack until their inputs
     * are hashed. An op is looked at twice: once to push its unhashed inputs (all of them at once,
     * so an op with n inputs costs O(n)), and once more, when they are done, to hash it. An op
     * pushed twice is hashed once and then skipped.
     */
    void hashWithInputs(AbstractOp op) {
      pending.push(op);
      while (!pending.isEmpty()) {
        AbstractOp top = pending.peek();
        if (top.uuid != null) {
          pending.pop();
          continue;
        }
        int before = pending.size();
        top.forEachInput(pushUnhashed);
        if (pending.size() == before) {
          pending.pop();
          top.hash(this);
        } else if (pending.size() > 4096) {
          grown = true;
        }
      }
    }

    /** The SHA-256 of what was fed to it, in a buffer of this Hasher's. */
    byte[] digest() {
      try {
        sha256.digest(digest, 0, digest.length);
      } catch (DigestException e) {
        throw new IllegalStateException("a SHA-256 digest is 32 bytes", e);
      }
      return digest;
    }

    void done() {
      busy = false;
      if (grown || !pending.isEmpty()) { // a deep graph's stack is not kept; an exception's leftovers neither
        pending = new ArrayDeque<>();
        grown = false;
      }
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
