package krnel.runner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import krnel.graph.OpSpec;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A store in this process's memory, for tests and throw-away work ({@code memory:<name>}). Statuses
 * are kept as their JSON, so they go through the same serialization as on disk; tables are kept as
 * Arrow vectors and shared, not copied, with readers.
 */
public final class MemoryStore implements Store {
  private final String uri;
  private final Map<String, String> statuses = new ConcurrentHashMap<>();
  private final Map<String, Result> results = new ConcurrentHashMap<>();
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  public MemoryStore(String uri) {
    this.uri = uri;
  }

  @Override
  public String uri() {
    return uri;
  }

  @Override
  public Optional<OpStatus> readStatus(String uuid) {
    Store.split(uuid);
    String json = statuses.get(uuid);
    return json == null ? Optional.empty() : Optional.of(OpStatus.fromJson(json));
  }

  @Override
  public void writeStatus(OpStatus status) {
    statuses.put(status.op().uuid(), status.toJson());
  }

  @Override
  public boolean hasResult(String uuid) {
    return results.containsKey(uuid);
  }

  @Override
  public void writeResult(OpSpec op, Result result) {
    if (result instanceof Result.Batches) {
      throw new UnsupportedOperationException(op.wireName() + " streams its result batch by batch, for results larger than"
          + " memory; store it in a directory store (Runner.open(\"/path\")), not " + uri);
    }
    Result kept = result instanceof Result.Table ? Result.table(((Result.Table) result).view()) : result;
    Result previous = results.put(op.uuid(), kept);
    if (previous != null) {
      previous.close();
    }
  }

  /** Read whole into memory: this store keeps tables, not streams. */
  @Override
  public void writeResultFile(OpSpec op, java.nio.file.Path parquet) throws java.io.IOException {
    try (Result.Table table = Result.table(krnel.store.ParquetResults.read(parquet, PlainResults.allocator()))) {
      writeResult(op, table); // keeps a view of the buffers
    }
  }

  @Override
  public Result readResult(OpSpec op, BufferAllocator readerAllocator) {
    Result result = results.get(op.uuid());
    if (result == null) {
      throw new IllegalStateException("No result for " + op.uuid() + " in " + uri);
    }
    return result instanceof Result.Table ? Result.table(((Result.Table) result).view()) : result;
  }

  @Override
  public Lock lock(OpSpec op) {
    ReentrantLock lock = locks.computeIfAbsent(op.uuid(), uuid -> new ReentrantLock());
    lock.lock();
    return lock::unlock;
  }

  @Override
  public Optional<Lock> tryLock(OpSpec op) {
    ReentrantLock lock = locks.computeIfAbsent(op.uuid(), uuid -> new ReentrantLock());
    return lock.isHeldByCurrentThread() || !lock.tryLock() ? Optional.empty() : Optional.of(lock::unlock);
  }

  @Override
  public List<String> uuids() {
    List<String> uuids = new ArrayList<>(statuses.keySet());
    Collections.sort(uuids);
    return uuids;
  }

  @Override
  public void close() {
    results.values().forEach(Result::close);
    results.clear();
  }
}
