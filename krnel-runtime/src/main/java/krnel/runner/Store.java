package krnel.runner;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import krnel.graph.OpSpec;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Where op statuses and results live, in the reference's layout:
 * {@code <store>/<WireName>/<sha256>/{status.json, result.parquet | result.json, done}}.
 *
 * <p>A result is written under a temporary name and renamed into place, and {@code done} is
 * written last, so a crash never leaves a result that looks complete. Queries never create
 * anything.
 */
public interface Store extends AutoCloseable {
  /** The store's location as given ({@code /data/krnel}, {@code memory:tests}). */
  String uri();

  /** The stored status of the op with this uuid, if any. */
  Optional<OpStatus> readStatus(String uuid) throws IOException;

  void writeStatus(OpStatus status) throws IOException;

  /** Whether a complete result is stored ({@code done} exists). */
  boolean hasResult(String uuid) throws IOException;

  /** Stores {@code result} atomically, replacing any earlier result, then marks it done. */
  void writeResult(OpSpec op, Result result) throws IOException;

  /**
   * Stores a table result that is already a Parquet file in the result format (a {@link
   * RowWiseEngine}'s merged parts) exactly as {@link #writeResult} stores a table: atomically, then
   * done. The caller deletes {@code parquet} afterwards. By default the file is streamed through
   * {@link #writeResult} as batches, which re-encodes it to the same bytes; a store that can take the
   * file as it is (a directory) overrides this.
   */
  default void writeResultFile(OpSpec op, java.nio.file.Path parquet) throws IOException {
    try (BufferAllocator allocator = new org.apache.arrow.memory.RootAllocator();
        krnel.store.ParquetResultReader reader = krnel.store.ParquetResultReader.open(parquet, allocator)) {
      writeResult(op, Result.batches(reader.getVectorSchemaRoot().getSchema(), sink -> {
        while (reader.loadNextBatch()) {
          sink.accept(reader.getVectorSchemaRoot());
        }
      }));
    }
  }

  /** The stored result; tables are allocated in {@code allocator} and owned by the caller. */
  Result readResult(OpSpec op, BufferAllocator allocator) throws IOException;

  /**
   * Takes the op's lock, waiting for another holder (in this or another process) to let go: two
   * runners never compute the same op at once.
   */
  Lock lock(OpSpec op) throws IOException;

  /**
   * The op's lock if nobody holds it now, without waiting; empty if another holder (another
   * process, another thread, or this thread) has it, or if this store cannot tell without waiting.
   * A status left {@code running} beside a free lock was left by a process that died. Stores that
   * cannot tell keep the default; then only a stale {@linkplain OpStatus#heartbeat heartbeat} says so.
   */
  default Optional<Lock> tryLock(OpSpec op) throws IOException {
    return Optional.empty();
  }

  /**
   * Fails with a one-line message naming the store and the fix if results cannot be stored in it
   * (it is a file, or read-only), so that a run fails once, up front, not op by op. The default
   * finds nothing: a store that cannot check keeps failing at its first write.
   */
  default void checkWritable() throws IOException {}

  /** The uuids of every op with a status in the store. */
  List<String> uuids() throws IOException;

  @Override
  void close();

  /** A held lock. */
  interface Lock extends AutoCloseable {
    @Override
    void close() throws IOException;
  }

  /** {@code SelectTextColumnOp_61557…} → {@code ["SelectTextColumnOp", "61557…"]}, checked. */
  static String[] split(String uuid) {
    int underscore = uuid.indexOf('_');
    if (underscore <= 0 || underscore == uuid.length() - 1 || uuid.indexOf('/') >= 0 || uuid.indexOf('\\') >= 0
        || uuid.contains("..")) {
      throw new IllegalArgumentException("\"" + uuid + "\" is not an op uuid (expected <WireName>_<sha256 hex>)");
    }
    return new String[] {uuid.substring(0, underscore), uuid.substring(underscore + 1)};
  }
}
